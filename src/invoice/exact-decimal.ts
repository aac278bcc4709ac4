import { Decimal } from 'decimal.js';

/**
 * decimal.js with room for 16 integer digits plus 13 decimals (the default 20 significant digits is not enough for
 * a unit price of a large amount) and the bureau's rounding, 四舍五入 = half away from zero.
 */
export const ExactDecimal = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP });
export type ExactDecimal = InstanceType<typeof ExactDecimal>;
