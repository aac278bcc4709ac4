/**
 * VAT of a line and the totals of an invoice, in exact integer arithmetic (BigInt over fen and permille).
 * Rounding is the bureau's 四舍五入: half away from zero, so a red (negative) line mirrors its blue one.
 */

/** The three amounts of a line or of a whole invoice, fen. Always `grossFen = netFen + taxFen`. */
export interface Amounts {
  /** 价税合计 / tax-inclusive amount (jshj, or a line's tax-inclusive je). */
  grossFen: number;
  /** 税额 (se / hjse). */
  taxFen: number;
  /** 金额 without tax (je / hjje). */
  netFen: number;
}

function requireFen(value: number, name: string): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer of fen, got ${value}`);
  return BigInt(value);
}

function requirePermille(ratePermille: number): bigint {
  if (!Number.isInteger(ratePermille) || ratePermille < 0 || ratePermille >= 1000) {
    throw new RangeError(`ratePermille must be an integer in [0, 1000), got ${ratePermille}`);
  }
  return BigInt(ratePermille);
}

/** numerator / denominator (denominator > 0) rounded half away from zero. */
function divideRoundingHalfUp(numerator: bigint, denominator: bigint): bigint {
  const magnitude = numerator < 0n ? -numerator : numerator;
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  return numerator < 0n ? -rounded : rounded;
}

function toSafeNumber(value: bigint, name: string): number {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) throw new RangeError(`${name} overflows a safe integer of fen`);
  return result;
}

/**
 * Tax of a tax-inclusive amount: `se = round2(je / (1 + slv) × slv)`, computed as
 * round(grossFen × rate / (1000 + rate)) on integers.
 */
export function taxOfTaxInclusive(grossFen: number, ratePermille: number): number {
  const rate = requirePermille(ratePermille);
  return Number(divideRoundingHalfUp(requireFen(grossFen, 'grossFen') * rate, 1000n + rate));
}

/** Tax of a tax-exclusive amount: `se = round2(je × slv)`, computed as round(netFen × rate / 1000). */
export function taxOfTaxExclusive(netFen: number, ratePermille: number): number {
  const rate = requirePermille(ratePermille);
  return Number(divideRoundingHalfUp(requireFen(netFen, 'netFen') * rate, 1000n));
}

/** Splits a tax-inclusive line amount: tax by `taxOfTaxInclusive`, net = gross − tax (so they always add up). */
export function splitTaxInclusive(grossFen: number, ratePermille: number): Amounts {
  const taxFen = taxOfTaxInclusive(grossFen, ratePermille);
  return { grossFen, taxFen, netFen: grossFen - taxFen };
}

/**
 * Invoice totals as the sums of its lines: hjje = Σ net, hjse = Σ tax, jshj = Σ gross. Never recomputed from the
 * total amount, which could differ by rounding from the sum of the lines' taxes.
 */
export function totalsOf(lines: readonly Amounts[]): Amounts {
  let grossFen = 0n;
  let taxFen = 0n;
  let netFen = 0n;
  for (const line of lines) {
    grossFen += requireFen(line.grossFen, 'grossFen');
    taxFen += requireFen(line.taxFen, 'taxFen');
    netFen += requireFen(line.netFen, 'netFen');
  }
  return {
    grossFen: toSafeNumber(grossFen, 'grossFen'),
    taxFen: toSafeNumber(taxFen, 'taxFen'),
    netFen: toSafeNumber(netFen, 'netFen'),
  };
}
