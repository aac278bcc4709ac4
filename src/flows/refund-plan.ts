/**
 * What a 红冲 request would take off which blue invoice, worked out before any preview: the blue invoice (the bot's
 * own job record, else the provider's blue query), what red invoices already took off it, what the bot's own
 * unfinished refunds hold, and the `hzmx` lines to send. Problems are Chinese sentences naming the field and the rule;
 * only read-only queries reach the provider here.
 */
import type { IssuedInvoice, RedLine } from '../api/provider.js';
import { formatChinaDate } from '../china-time.js';
import type { RefundArgs } from '../commands/refund-args.js';
import { formatYuanForChat } from '../invoice/money.js';
import { FINAL_STATES, type JobRecord, type RefundDetails } from '../store/jobs.js';
import type { FlowContext } from './context.js';
import { readPages } from './invoice-pages.js';

export interface BlueLine {
  lineNo: number;
  name: string;
  grossFen: number;
}

/** The blue invoice as far as the bot can know it; `lines` only when the bot issued it itself. */
export interface BlueInvoice {
  number: string;
  issuedAt: string;
  grossFen: number;
  buyerName?: string;
  buyerTaxId?: string;
  lines?: BlueLine[];
}

export type RefundPlan = { ok: true; details: RefundDetails; blue: BlueInvoice } | { ok: false; problems: string[] };

const yuan = (fen: number) => `¥${formatYuanForChat(fen)}`;

export async function planRefund(ctx: FlowContext, args: RefundArgs): Promise<RefundPlan> {
  const blue = ownBlue(ctx, args.blueNumber) ?? (await providerBlue(ctx, args.blueNumber));
  if (!blue) return refuse(`找不到蓝字发票 ${args.blueNumber}：本机器人没有开过，税局也查不到。请核对发票号码。`);

  const redAgainst = await redInvoicesAgainst(ctx, blue);
  const reversedFen = redAgainst.reduce((total, red) => total + Math.abs(red.grossFen ?? 0), 0);
  const ownRefunds = ctx.jobs.all().filter((job) => job.type === 'red' && job.red?.blueNumber === blue.number);
  const heldFen = ownRefunds
    .filter((job) => !FINAL_STATES.includes(job.state) && job.state !== 'preview' && !job.invoice)
    .reduce((total, job) => total + (job.red?.refundFen ?? 0), 0);
  const leftFen = blue.grossFen - reversedFen - heldFen;
  const figures = `蓝字发票价税合计 ${yuan(blue.grossFen)}，已红冲 ${yuan(reversedFen)}${heldFen > 0 ? `，红冲中 ${yuan(heldFen)}` : ''}`;
  if (leftFen <= 0) return refuse(`蓝字发票 ${blue.number} 没有可红冲的金额（${figures}）。`);

  const lines = linesToSend(args, blue, leftFen, ownRefunds, figures);
  if (!lines.ok) return lines;
  const details: RefundDetails = {
    blueNumber: blue.number,
    blueIssuedAt: blue.issuedAt,
    reason: args.reason,
    enteredBy: 'seller',
    refundFen: lines.refundFen,
    blueGrossFen: blue.grossFen,
    refundedBeforeFen: reversedFen,
    buyerName: blue.buyerName,
    buyerTaxId: blue.buyerTaxId,
    ...(lines.lines.length > 0 ? { lines: lines.lines } : {}),
  };
  return { ok: true, details, blue };
}

type LinesPlan = { ok: true; refundFen: number; lines: RedLine[] } | { ok: false; problems: string[] };

/**
 * No `hzmx` only for a first, whole refund (the bureau reverses everything). Any other refund names its lines:
 * by the lines typed, or by spreading the amount over the blue lines in order, each up to what is left of it.
 */
function linesToSend(args: RefundArgs, blue: BlueInvoice, leftFen: number, ownRefunds: JobRecord[], figures: string): LinesPlan {
  if (args.lines.length > 0) {
    const problems: string[] = [];
    for (const line of args.lines) {
      const blueLine = blue.lines?.find((candidate) => candidate.lineNo === line.lineNo);
      if (blue.lines && !blueLine) problems.push(`项目=${line.lineNo} 不存在：蓝字发票只有 ${blue.lines.length} 行`);
      else if (blueLine && line.grossFen > blueLine.grossFen) {
        problems.push(`项目=${line.lineNo} 的金额 ${yuan(line.grossFen)} 超过该行价税合计 ${yuan(blueLine.grossFen)}`);
      }
    }
    const refundFen = args.lines.reduce((total, line) => total + line.grossFen, 0);
    if (refundFen > leftFen) problems.push(`金额合计 ${yuan(refundFen)} 超过可红冲的 ${yuan(leftFen)}（${figures}）`);
    return problems.length > 0 ? { ok: false, problems } : { ok: true, refundFen, lines: args.lines };
  }
  const refundFen = args.amountFen ?? leftFen;
  if (refundFen > leftFen) return refuse(`金额 ${yuan(refundFen)} 超过可红冲的 ${yuan(leftFen)}（${figures}）`);
  const untouched = leftFen === blue.grossFen;
  if (untouched && refundFen === leftFen) return { ok: true, refundFen, lines: [] };
  if (!blue.lines) {
    return refuse(
      `这张蓝字发票不是本机器人开具的（或已归档），看不到它的明细行：部分红冲请按行写，例如「红冲 ${blue.number} 项目=1 金额=…」。`,
    );
  }
  const spread = spreadOverLines(refundFen, blue.lines, ownRefunds);
  return spread ? { ok: true, refundFen, lines: spread } : refuse(`按明细行分摊不下 ${yuan(refundFen)}：请按行写 项目=<行号> 金额=…（${figures}）`);
}

/** The amount over the blue lines in order, each up to its gross minus what the bot's own refunds took off it. */
function spreadOverLines(refundFen: number, lines: BlueLine[], ownRefunds: JobRecord[]): RedLine[] | undefined {
  const taken = new Map<number, number>();
  for (const job of ownRefunds) {
    if (job.state === 'failed' || job.state === 'cancelled' || job.state === 'preview') continue;
    const reversed = job.red?.lines?.length ? job.red.lines : lines.map((line) => ({ lineNo: line.lineNo, grossFen: line.grossFen }));
    for (const line of reversed) taken.set(line.lineNo, (taken.get(line.lineNo) ?? 0) + line.grossFen);
  }
  const result: RedLine[] = [];
  let toTake = refundFen;
  for (const line of lines) {
    if (toTake === 0) break;
    const left = line.grossFen - (taken.get(line.lineNo) ?? 0);
    if (left <= 0) continue;
    const take = Math.min(left, toTake);
    result.push({ lineNo: line.lineNo, grossFen: take });
    toTake -= take;
  }
  return toTake === 0 ? result : undefined;
}

function ownBlue(ctx: FlowContext, number: string): BlueInvoice | undefined {
  const job = ctx.jobs.all().find((candidate) => candidate.type === 'blue' && candidate.invoice?.number === number);
  if (!job?.invoice || !job.draft) return undefined;
  const { draft, invoice } = job;
  return {
    number,
    issuedAt: invoice.issuedAt,
    grossFen: draft.grossFen,
    buyerName: draft.buyer.name,
    buyerTaxId: draft.buyer.taxId,
    lines: draft.lines.map((line, index) => ({ lineNo: index + 1, name: line.name, grossFen: line.grossFen })),
  };
}

/** 数电 numbers start with the two-digit year of issue: search from that year's first day to today. */
async function providerBlue(ctx: FlowContext, number: string): Promise<BlueInvoice | undefined> {
  const from = `20${number.slice(0, 2)}-01-01`;
  const to = formatChinaDate(ctx.now());
  if (from > to) return undefined;
  const isIt = (invoice: IssuedInvoice) => invoice.number === number;
  const { items } = await readPages((query) => ctx.provider.queryBlue(ctx.account, query), { from, to, number }, (read) => read.some(isIt));
  const found = items.find(isIt);
  if (!found || found.grossFen === undefined) return undefined;
  return { number, issuedAt: found.issuedAt, grossFen: found.grossFen, buyerName: found.buyerName, buyerTaxId: found.buyerTaxId };
}

/** Red invoices issued against `blue`, from its issue day to today. */
export async function redInvoicesAgainst(ctx: FlowContext, blue: { number: string; issuedAt: string }): Promise<IssuedInvoice[]> {
  const from = blue.issuedAt.slice(0, 10);
  const to = formatChinaDate(ctx.now());
  const { items } = await readPages((query) => ctx.provider.queryRed(ctx.account, query), { from, to });
  return items.filter((red) => red.blueNumber === blue.number);
}

function refuse(problem: string): { ok: false; problems: string[] } {
  return { ok: false, problems: [problem] };
}
