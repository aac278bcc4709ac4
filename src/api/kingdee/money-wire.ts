/**
 * Kingdee prints amounts and rates as JSON numbers (the seed's sample). They are built from exact decimal strings
 * (integer fen / permille → text), and a number is only sent when its shortest form is that same text — so the JSON
 * on the wire is exactly the decimal, never a binary float's approximation.
 */
import { Decimal } from 'decimal.js';
import { ProviderError, ProviderErrorCode } from '../provider.js';
import { fenToYuan, permilleToRate } from '../shared/money-wire.js';

function exactNumber(decimal: string): number {
  const value = Number(decimal);
  if (!new Decimal(String(value)).eq(new Decimal(decimal))) {
    throw new ProviderError(ProviderErrorCode.BadRequest, `金额无法精确表示: ${decimal}`);
  }
  return value;
}

/** 12345 → 123.45 */
export function fenToYuanNumber(fen: number): number {
  return exactNumber(fenToYuan(fen));
}

/** 60 → 0.06 */
export function permilleToRateNumber(permille: number): number {
  return exactNumber(permilleToRate(permille));
}
