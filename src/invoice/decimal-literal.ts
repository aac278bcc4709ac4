/**
 * Reads a plain decimal number as people type it in chat: `1060`, `1,060.50`, `0.015`.
 * Shared by the money, quantity and rate parsers so that they all accept the same spelling.
 */

export interface DecimalLiteral {
  /** Integer digits without grouping commas and without leading zeros (`'0'` for zero). */
  integerDigits: string;
  /** Digits after the point, as typed (trailing zeros kept). */
  fractionDigits: string;
}

/** Digits with correct thousands grouping (`1,060`) or none (`1060`), then an optional fraction. */
const LITERAL = /^(?<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?<frac>\d+))?$/;

/** Full-width digits, `，` `．` `％` `￥` become ASCII / `¥`; all whitespace goes. */
export function normalizeNumberInput(input: string): string {
  return input.normalize('NFKC').replace(/\s+/gu, '');
}

/** Parses an unsigned decimal literal; `undefined` when `text` is not one. */
export function readDecimalLiteral(text: string): DecimalLiteral | undefined {
  const match = LITERAL.exec(text);
  if (!match?.groups) return undefined;
  const integerDigits = (match.groups.int ?? '').replaceAll(',', '').replace(/^0+(?=\d)/u, '');
  return { integerDigits, fractionDigits: match.groups.frac ?? '' };
}
