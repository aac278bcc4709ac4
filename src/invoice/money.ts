/**
 * Yuan amounts as typed in chat ↔ integer fen. String arithmetic only: `parseFloat('1.15') * 100` is 114.999…,
 * and one lost fen is a wrong invoice.
 */
import { normalizeNumberInput, readDecimalLiteral } from './decimal-literal.js';

export type YuanProblem = 'empty' | 'not_a_number' | 'not_positive' | 'too_many_decimals' | 'too_large';

export type YuanParse =
  | { ok: true; fen: number }
  /** `rule` completes a sentence that starts with the field name: `金额` + `最多两位小数`. */
  | { ok: false; problem: YuanProblem; rule: string };

const RULES: Record<YuanProblem, string> = {
  empty: '不能为空',
  not_a_number: '必须是数字，例如 1060 或 1,060.50',
  not_positive: '必须大于 0',
  too_many_decimals: '最多两位小数',
  too_large: '超出了可以处理的范围',
};

/** Optional sign, optional `¥` (either order), the number, optional `元`. */
const AMOUNT = /^(?<sign1>[-+−]?)¥?(?<sign2>[-+−]?)(?<number>[\d.,]+)元?$/u;

function fail(problem: YuanProblem): YuanParse {
  return { ok: false, problem, rule: RULES[problem] };
}

/**
 * Parses a yuan amount (`1060`, `1060.5`, `1,060.50`, `¥1060`, `1060元`) into integer fen.
 * Zero parses (it is a number); whether zero is allowed is the caller's rule. Negative amounts fail as
 * `not_positive`: nothing a person types into an invoice is negative (red invoices are computed, not typed).
 */
export function parseYuan(input: string): YuanParse {
  const text = normalizeNumberInput(input);
  if (text === '') return fail('empty');
  const match = AMOUNT.exec(text);
  if (!match?.groups) return fail('not_a_number');
  const { sign1 = '', sign2 = '', number = '' } = match.groups;
  if (sign1 !== '' && sign2 !== '') return fail('not_a_number');
  const literal = readDecimalLiteral(number);
  if (!literal) return fail('not_a_number');
  if (sign1 === '-' || sign1 === '−' || sign2 === '-' || sign2 === '−') return fail('not_positive');
  if (literal.fractionDigits.length > 2) return fail('too_many_decimals');
  // 16 integer digits are far beyond any invoice and beyond exact doubles: stop before BigInt work.
  if (literal.integerDigits.length > 16) return fail('too_large');
  const fen = BigInt(literal.integerDigits) * 100n + BigInt(literal.fractionDigits.padEnd(2, '0'));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return fail('too_large');
  return { ok: true, fen: Number(fen) };
}

function splitFen(fen: number): { sign: string; yuan: string; cents: string } {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
  const magnitude = BigInt(Math.abs(fen));
  return {
    sign: fen < 0 ? '-' : '',
    yuan: (magnitude / 100n).toString(),
    cents: (magnitude % 100n).toString().padStart(2, '0'),
  };
}

/** `106050` → `1,060.50` (thousands grouped), for chat messages and cards. Negative (red) amounts keep the sign. */
export function formatYuanForChat(fen: number): string {
  const { sign, yuan, cents } = splitFen(fen);
  return `${sign}${yuan.replace(/\B(?=(\d{3})+$)/gu, ',')}.${cents}`;
}

/** `106050` → `1060.50`, for provider wire formats. */
export function formatYuanForWire(fen: number): string {
  const { sign, yuan, cents } = splitFen(fen);
  return `${sign}${yuan}.${cents}`;
}
