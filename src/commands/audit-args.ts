/**
 * `审计 [日期]` → the China-time day whose audit entries to show, or what is wrong with what was typed.
 * No date: today. The day may be typed in any of the ways `查询` accepts (see query-args.ts).
 */
import { readDay } from './query-args.js';
import { auditStrayWordsText } from './replies/audit.js';
import type { ArgPair } from './tokenizer.js';

export type AuditArgsResult = { ok: true; day: string } | { ok: false; problem: string };

const DAY_FIELD = '日期';

/** `today` is the China-time day (`YYYY-MM-DD`) used when none is typed. */
export function parseAuditArgs(args: { positional: readonly string[]; pairs: readonly ArgPair[] }, today: string): AuditArgsResult {
  const [word, ...rest] = args.positional;
  const stray = [...rest, ...args.pairs.map((pair) => `${pair.rawKey}=${pair.value}`)];
  if (stray.length > 0) return { ok: false, problem: auditStrayWordsText(stray) };
  if (word === undefined) return { ok: true, day: today };
  const read = readDay(DAY_FIELD, word);
  return read.ok ? { ok: true, day: read.day } : { ok: false, problem: read.problem };
}
