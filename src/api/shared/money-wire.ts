/**
 * Amounts and rates between integer fen / permille and the providers' decimal strings and numbers, never via floats.
 * Both clients and the Kingdee simulator read and write them.
 */
import { Decimal } from 'decimal.js';
import { ProviderError, ProviderErrorCode } from '../provider.js';

/** 12345 → "123.45", -50 → "-0.50". Integer arithmetic only. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new ProviderError(ProviderErrorCode.BadRequest, `金额不是整数分: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * A yuan amount as the provider prints it (JSON number like 73.26 or a string) → fen. A number goes through its
 * shortest decimal string, which is exactly what the provider wrote; decimal.js does the rest.
 */
export function yuanToFen(value: number | string): number {
  const text = typeof value === 'number' ? String(value) : value.trim();
  let amount: Decimal;
  try {
    amount = new Decimal(text);
  } catch {
    throw new ProviderError(ProviderErrorCode.Protocol, `税务接口返回的金额无法识别: ${text}`);
  }
  if (!amount.isFinite()) throw new ProviderError(ProviderErrorCode.Protocol, `税务接口返回的金额无法识别: ${text}`);
  return amount.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

/** Optional wire amount → fen; null, undefined and "" are absent. */
export function optionalYuanToFen(value: number | string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return yuanToFen(value);
}

/** 60 → "0.06", 15 → "0.015", 130 → "0.13", 0 → "0". */
export function permilleToRate(permille: number): string {
  if (!Number.isSafeInteger(permille) || permille < 0) {
    throw new ProviderError(ProviderErrorCode.BadRequest, `税率不是整数千分比: ${permille}`);
  }
  return new Decimal(permille).div(1000).toFixed();
}

/** A decimal with at most `places` places, trailing zeros dropped, never in exponent notation. */
export function toPlainDecimal(value: Decimal, places: number): string {
  return value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed();
}
