/**
 * `红冲 <蓝字发票号码> [原因] [金额=…]` and `项目=<行号> 金额=…` pairs: what the refund asks for, checked for form
 * only (the invoice itself is looked up later). Each problem names the field and the rule.
 */
import type { RedReason } from '../api/provider.js';
import { parseYuan } from '../invoice/money.js';
import { DEFAULT_RED_REASON, parseRedReason, RED_REASON_RULE } from '../invoice/red-reason.js';
import { truncateEcho } from '../reply-caps.js';
import type { ArgLine } from './tokenizer.js';

/** A 数电 invoice number: 20 digits. */
const INVOICE_NUMBER = /^\d{20}$/;
const LINE_NUMBER = /^[1-9]\d{0,3}$/;

const AMOUNT_KEYS = new Set(['金额', 'amount', '含税金额']);
const LINE_KEYS = new Set(['项目', 'item', '行', '行号', 'line']);
const REASON_KEYS = new Set(['原因', 'reason']);

export interface RefundLineRequest {
  lineNo: number;
  grossFen: number;
}

export interface RefundArgs {
  blueNumber: string;
  reason: RedReason;
  /** Tax-inclusive amount to refund, fen; absent = everything that is left. */
  amountFen?: number;
  /** By line: which blue lines and how much of each. */
  lines: RefundLineRequest[];
}

export type RefundArgsParse = { ok: true; args: RefundArgs } | { ok: false; problems: string[] };

export const REFUND_USAGE = '红冲 <蓝字发票号码> [原因] [金额=含税金额]，按行红冲写 项目=<行号> 金额=…';

export function parseRefundArgs(lines: readonly ArgLine[]): RefundArgsParse {
  const problems: string[] = [];
  const positional = lines.flatMap((line) => line.positional);
  const pairs = lines.flatMap((line) => line.pairs);

  const [number, ...rest] = positional;
  let blueNumber = '';
  if (number === undefined) problems.push(`缺少蓝字发票号码。写法：${REFUND_USAGE}`);
  else if (!INVOICE_NUMBER.test(number)) problems.push(`发票号码「${truncateEcho(number, 24)}」应为 20 位数字`);
  else blueNumber = number;

  const reasonTexts = [...rest, ...pairs.filter((pair) => REASON_KEYS.has(pair.key)).map((pair) => pair.value)];
  let reason = DEFAULT_RED_REASON;
  if (reasonTexts.length > 1) problems.push(`原因只能写一个，收到了 ${reasonTexts.length} 个`);
  else if (reasonTexts.length === 1) {
    const parsed = parseRedReason(reasonTexts[0]!);
    if (parsed) reason = parsed;
    else problems.push(`原因「${truncateEcho(reasonTexts[0]!, 12)}」无法识别：${RED_REASON_RULE}`);
  }

  // A `项目=` starts a line; the `金额=` after it belongs to that line. A `金额=` before any `项目=` is the total.
  let amountFen: number | undefined;
  const refundLines: RefundLineRequest[] = [];
  let openLine: { lineNo: number } | undefined;
  for (const pair of pairs) {
    if (REASON_KEYS.has(pair.key)) continue;
    if (LINE_KEYS.has(pair.key)) {
      if (openLine) problems.push(`项目=${openLine.lineNo} 缺少金额：按行红冲请写 项目=<行号> 金额=…`);
      openLine = undefined;
      if (!LINE_NUMBER.test(pair.value)) problems.push(`项目应为蓝字发票上的行号（1、2、3…），收到「${truncateEcho(pair.value, 12)}」`);
      else openLine = { lineNo: Number(pair.value) };
      continue;
    }
    if (AMOUNT_KEYS.has(pair.key)) {
      const parsed = parseYuan(pair.value);
      if (!parsed.ok) {
        problems.push(`金额${parsed.rule}`);
      } else if (parsed.fen === 0) {
        problems.push('金额必须大于 0');
      } else if (openLine) {
        if (refundLines.some((line) => line.lineNo === openLine!.lineNo)) problems.push(`项目=${openLine.lineNo} 写了两次`);
        refundLines.push({ lineNo: openLine.lineNo, grossFen: parsed.fen });
        openLine = undefined;
      } else if (amountFen !== undefined || refundLines.length > 0) {
        problems.push('金额只能写一个；按行红冲请在每个 项目=<行号> 后写 金额=…');
      } else {
        amountFen = parsed.fen;
      }
      continue;
    }
    problems.push(`无法识别「${truncateEcho(pair.rawKey, 12)}=」：${REFUND_USAGE}`);
  }
  if (openLine) problems.push(`项目=${openLine.lineNo} 缺少金额：按行红冲请写 项目=<行号> 金额=…`);
  if (amountFen !== undefined && refundLines.length > 0) problems.push('按行红冲时不要再写总金额：每行的 金额 加起来就是本次红冲金额');

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, args: { blueNumber, reason, amountFen, lines: refundLines } };
}
