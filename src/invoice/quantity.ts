/**
 * Quantities and unit prices: decimal strings with up to 13 decimals, as the bureau takes them (spsl, dj).
 */
import { normalizeNumberInput, readDecimalLiteral } from './decimal-literal.js';
import { ExactDecimal } from './exact-decimal.js';

export const MAX_QUANTITY_DECIMALS = 13;
/**
 * Integer digits of a quantity: below 10^11 units the 13-decimal unit price stays within the bureau's
 * |quantity × price − amount| ≤ 0.01 (the rounding error is at most quantity × 0.5·10^-13 yuan).
 */
export const MAX_QUANTITY_INTEGER_DIGITS = 11;

export type QuantityProblem = 'empty' | 'not_a_number' | 'not_positive' | 'too_many_decimals' | 'too_large';

export type QuantityParse =
  /** `value` is canonical: no grouping, no trailing fraction zeros (`1,000.50` → `1000.5`). */
  | { ok: true; value: string }
  /** `rule` completes a sentence that starts with the field name: `数量` + `必须大于 0`. */
  | { ok: false; problem: QuantityProblem; rule: string };

const RULES: Record<QuantityProblem, string> = {
  empty: '不能为空',
  not_a_number: '必须是数字，例如 2 或 0.5',
  not_positive: '必须大于 0',
  too_many_decimals: `最多 ${MAX_QUANTITY_DECIMALS} 位小数`,
  too_large: `的整数部分不能超过 ${MAX_QUANTITY_INTEGER_DIGITS} 位`,
};

function fail(problem: QuantityProblem): QuantityParse {
  return { ok: false, problem, rule: RULES[problem] };
}

/** Parses a positive quantity (`3`, `0.5`, `1,000`). */
export function parseQuantity(input: string): QuantityParse {
  const text = normalizeNumberInput(input);
  if (text === '') return fail('empty');
  if (/^[-−]/u.test(text) && readDecimalLiteral(text.slice(1))) return fail('not_positive');
  const literal = readDecimalLiteral(text);
  if (!literal) return fail('not_a_number');
  if (literal.fractionDigits.length > MAX_QUANTITY_DECIMALS) return fail('too_many_decimals');
  if (literal.integerDigits.length > MAX_QUANTITY_INTEGER_DIGITS) return fail('too_large');
  const value = new ExactDecimal(`${literal.integerDigits}.${literal.fractionDigits || '0'}`);
  if (value.isZero()) return fail('not_positive');
  return { ok: true, value: value.toFixed() };
}

/**
 * Tax-inclusive unit price of a line: gross ÷ quantity, rounded half up to 13 decimals, trailing zeros dropped
 * (`106000` fen over `3` → `353.3333333333333`).
 */
export function unitPriceOf(grossFen: number, quantity: string): string {
  const perUnit = new ExactDecimal(grossFen).div(100).div(new ExactDecimal(quantity));
  return perUnit.toDecimalPlaces(MAX_QUANTITY_DECIMALS, ExactDecimal.ROUND_HALF_UP).toFixed();
}
