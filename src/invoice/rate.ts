/**
 * VAT rates as typed in chat (`6%`, `6`, `0.06`, `1.5%`, `0.015`, `0`) ↔ integer permille (60 = 6%).
 */
import { normalizeNumberInput, readDecimalLiteral } from './decimal-literal.js';
import { ExactDecimal } from './exact-decimal.js';

/**
 * The rates the bureau's 数电 platform issues at, in permille:
 * - 13%, 9%, 6%: the general rates since 2019-04 (财政部 税务总局 海关总署公告 2019 年第 39 号);
 * - 16%, 10% (2018-05 … 2019-03) and 17%, 11% (before 2018-05): still selectable for 补开 of sales made back then;
 * - 5%, 3%: simple-levy rates (简易计税, small-scale taxpayers, real estate);
 * - 1%: the small-scale taxpayer reduction (3% 减按 1%, extended to 2027 by 2023 年第 19 号公告);
 * - 1.5%: individuals renting out housing (5% 减按 1.5%);
 * - 0.5%: used-car dealers (2020 年第 17 号公告, extended to 2027 by 2023 年第 63 号公告);
 * - 0: zero rate (exports, cross-border services).
 * Anything else is a typo more often than a rate; the list names the allowed ones so the user can fix it.
 */
export const ALLOWED_RATES_PERMILLE: readonly number[] = [0, 5, 10, 15, 30, 50, 60, 90, 100, 110, 130, 160, 170];

export type RateProblem = 'empty' | 'not_a_number' | 'exempt_unsupported' | 'not_allowed';

export type RateParse =
  | { ok: true; permille: number }
  /** `rule` completes a sentence that starts with the field name: `税率` + `只能是 …`. */
  | { ok: false; problem: RateProblem; rule: string };

/** `60` → `6%`, `15` → `1.5%`, `0` → `0%`, for chat. */
export function formatRate(permille: number): string {
  return `${new ExactDecimal(permille).div(10).toFixed()}%`;
}

/** `60` → `0.06`, `15` → `0.015`, `0` → `0`, the `slv` decimal string of wire formats. */
export function formatRateForWire(permille: number): string {
  return new ExactDecimal(permille).div(1000).toFixed();
}

const RULES: Record<RateProblem, string> = {
  empty: '不能为空',
  not_a_number: '格式不正确，应写成 6% 或 0.06',
  // 免税 / 不征税 print differently from 0% and need a 优惠政策 marker that the draft cannot carry yet.
  exempt_unsupported: '暂不支持免税或不征税，零税率请填 0',
  not_allowed: `只能是 ${ALLOWED_RATES_PERMILLE.map(formatRate).join('、')}`,
};

const EXEMPT_WORDS = ['免税', '不征税', '免征'];

function fail(problem: RateProblem): RateParse {
  return { ok: false, problem, rule: RULES[problem] };
}

/**
 * Reads a rate: with `%` it is a percentage; without, a number below 1 is a fraction (`0.06`) and any other a
 * percentage (`6`, `13`, `1.5`). So `1` is 1% (a 100% VAT does not exist) and `0.5` is 50% (rejected; write `0.5%`).
 */
export function parseRate(input: string): RateParse {
  const text = normalizeNumberInput(input);
  if (text === '') return fail('empty');
  if (EXEMPT_WORDS.includes(text)) return fail('exempt_unsupported');
  const isPercent = text.endsWith('%');
  const literal = readDecimalLiteral(isPercent ? text.slice(0, -1) : text);
  if (!literal) return fail('not_a_number');
  const value = new ExactDecimal(`${literal.integerDigits}.${literal.fractionDigits || '0'}`);
  const asFraction = !isPercent && value.lessThan(1);
  const permille = value.times(asFraction ? 1000 : 10);
  if (!permille.isInteger() || !ALLOWED_RATES_PERMILLE.includes(permille.toNumber())) return fail('not_allowed');
  return { ok: true, permille: permille.toNumber() };
}
