import { yuanToFen, scaleRounded } from './money.js';
import type { BlueInvoiceRecord, ReversalLineRecord } from './records.js';
import type { SandboxState } from './state.js';

/** The seed's own message for a reversal that asks for more than is left. */
export const OVER_REVERSAL_MESSAGE = '蓝票没有可红冲的金额,不可再次红冲!';

/** Confirmations that hold (or used) part of a blue invoice: waiting, confirmed or issued. Void ones free it again. */
const HOLDING_STATES = new Set(['01', '02', '03', '04']);

export type ReversalPlan =
  | { ok: true; lines: ReversalLineRecord[] }
  | { ok: false; code: 399 | 400; message: string };

interface LineAmounts {
  netFen: number;
  taxFen: number;
  grossFen: number;
}

/** What is left of each blue line once every holding confirmation is taken off. */
export function remainingByLine(state: SandboxState, blue: BlueInvoiceRecord): Map<number, LineAmounts> {
  const left = new Map<number, LineAmounts>();
  for (const line of blue.lines) left.set(line.xh, { netFen: line.netFen, taxFen: line.taxFen, grossFen: line.grossFen });
  for (const confirmation of holdingConfirmations(state, blue)) {
    for (const reversed of confirmation.lines) {
      const line = left.get(reversed.xh);
      if (!line) continue;
      line.netFen -= reversed.netFen;
      line.taxFen -= reversed.taxFen;
      line.grossFen -= reversed.netFen + reversed.taxFen;
    }
  }
  return left;
}

/**
 * Lines of red-invoice/submit's `hzmx` (RedLineWire: xh + positive jshj; absent or [] = everything). A full
 * reversal after any earlier one, or a line asking more than is left, is refused with the bureau's 399.
 */
export function planFromHzmx(state: SandboxState, blue: BlueInvoiceRecord, hzmx: string | undefined): ReversalPlan {
  if (hzmx === undefined || hzmx.trim() === '') return planFull(state, blue);
  let items: unknown;
  try {
    items = JSON.parse(hzmx);
  } catch {
    return badParameter('hzmx 不是合法的 JSON 数组');
  }
  if (!Array.isArray(items)) return badParameter('hzmx 应为 JSON 数组');
  if (items.length === 0) return planFull(state, blue);

  const requested = new Map<number, number>();
  for (const [index, item] of items.entries()) {
    const at = `hzmx[${index}]`;
    if (typeof item !== 'object' || item === null) return badParameter(`${at} 应为 JSON 对象`);
    const { xh, jshj } = item as { xh?: unknown; jshj?: unknown };
    const line = blue.lines.find((candidate) => candidate.xh === Number(xh));
    if (!line) return badParameter(`${at}.xh 在蓝字发票中不存在`);
    if (line.grossFen <= 0) return badParameter(`${at}.xh 是折扣行,只能随整张发票红冲`);
    const grossFen = yuanToFen(jshj);
    if (grossFen === undefined || grossFen <= 0) return badParameter(`${at}.jshj 应为大于 0 的金额(元,两位小数)`);
    requested.set(line.xh, (requested.get(line.xh) ?? 0) + grossFen);
  }
  const left = remainingByLine(state, blue);
  const lines: ReversalLineRecord[] = [];
  for (const [xh, grossFen] of requested) {
    const rest = left.get(xh) as LineAmounts;
    if (grossFen > rest.grossFen) return refused();
    lines.push(splitGross(blue, xh, grossFen, rest));
  }
  return { ok: true, lines };
}

/** A buyer-entered confirmation (control route): `grossFen` spread over the lines in order; absent = everything. */
export function planFromGross(state: SandboxState, blue: BlueInvoiceRecord, grossFen: number | undefined): ReversalPlan {
  if (grossFen === undefined) return planFull(state, blue);
  if (!Number.isSafeInteger(grossFen) || grossFen <= 0) return badParameter('grossFen 应为正整数(分)');
  const left = remainingByLine(state, blue);
  const lines: ReversalLineRecord[] = [];
  let toTake = grossFen;
  for (const [xh, rest] of left) {
    if (toTake === 0) break;
    if (rest.grossFen <= 0) continue;
    const take = Math.min(toTake, rest.grossFen);
    lines.push(splitGross(blue, xh, take, rest));
    toTake -= take;
  }
  return toTake > 0 ? refused() : { ok: true, lines };
}

function planFull(state: SandboxState, blue: BlueInvoiceRecord): ReversalPlan {
  if (holdingConfirmations(state, blue).length > 0) return refused();
  return { ok: true, lines: blue.lines.map((line) => ({ xh: line.xh, netFen: line.netFen, taxFen: line.taxFen })) };
}

/** Splits a gross amount at the blue line's own tax ratio; taking all that is left takes exactly what is left. */
function splitGross(blue: BlueInvoiceRecord, xh: number, grossFen: number, rest: LineAmounts): ReversalLineRecord {
  if (grossFen === rest.grossFen) return { xh, netFen: rest.netFen, taxFen: rest.taxFen };
  const line = blue.lines.find((candidate) => candidate.xh === xh);
  const taxFen = line ? scaleRounded(grossFen, line.taxFen, line.grossFen) : 0;
  return { xh, netFen: grossFen - taxFen, taxFen };
}

function holdingConfirmations(state: SandboxState, blue: BlueInvoiceRecord) {
  return [...state.confirmations.values()].filter(
    (confirmation) =>
      confirmation.blueFphm === blue.fphm &&
      confirmation.sellerNsrsbh === blue.sellerNsrsbh &&
      HOLDING_STATES.has(confirmation.state),
  );
}

function refused(): ReversalPlan {
  return { ok: false, code: 399, message: OVER_REVERSAL_MESSAGE };
}

function badParameter(detail: string): ReversalPlan {
  return { ok: false, code: 400, message: `参数错误: ${detail}` };
}
