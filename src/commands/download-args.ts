/**
 * `下载 <发票号码>` → a 20-digit 数电 invoice number, or what is wrong with it. A number pasted with spaces inside
 * (`2533 2000 …`, as some apps group it) is read as one number; any other second word is one too many.
 */
import { NUMBER_MISSING_TEXT, numberFormatText, strayDownloadWordsText } from './replies/download.js';
import type { ArgPair } from './tokenizer.js';

export type DownloadArgsResult = { ok: true; number: string } | { ok: false; problem: string };

const INVOICE_NUMBER = /^\d{20}$/u;

export function parseDownloadArgs(args: { positional: readonly string[]; pairs: readonly ArgPair[] }): DownloadArgsResult {
  const words = args.positional;
  if (args.pairs.length > 0) {
    return { ok: false, problem: strayDownloadWordsText([...words, ...args.pairs.map((p) => `${p.rawKey}=${p.value}`)]) };
  }
  if (words.length === 0) return { ok: false, problem: NUMBER_MISSING_TEXT };
  const typed = words.join('');
  if (INVOICE_NUMBER.test(typed)) return { ok: true, number: typed };
  return { ok: false, problem: words.length > 1 ? strayDownloadWordsText(words) : numberFormatText(typed) };
}
