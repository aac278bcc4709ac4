/**
 * The red-letter side of the mapping: hzmx items, the red submit / confirm answers, red-invoice/result and the
 * confirmation records (field names decided, see wire.ts).
 */
import {
  ProviderError,
  ProviderErrorCode,
  type Confirmation,
  type ConfirmationState,
  type IssuedInvoice,
  type RedLine,
  type RedOutcome,
  type RedReason,
} from '../provider.js';
import { fenToYuan, optionalYuanToFen } from '../shared/money-wire.js';
import { text, withoutEmpty } from '../shared/wire-values.js';
import type { ConfirmationWire, RedLineWire, RedResultDataWire, RedSubmitDataWire } from './wire.js';

const STATES: ReadonlySet<string> = new Set(['01', '02', '03', '04', '05', '06', '07', '08', '09']);
const REASONS: ReadonlySet<string> = new Set(['01', '02', '03', '04']);

export function toRedLinesWire(lines: RedLine[]): RedLineWire[] {
  return lines.map((line) => {
    if (!Number.isSafeInteger(line.lineNo) || line.lineNo < 1) {
      throw new ProviderError(ProviderErrorCode.BadRequest, `红冲明细行号无效: ${line.lineNo}`);
    }
    if (!(line.grossFen > 0)) throw new ProviderError(ProviderErrorCode.BadRequest, '红冲金额必须大于 0');
    return withoutEmpty({ xh: line.lineNo, jshj: fenToYuan(line.grossFen), spsl: line.quantity });
  });
}

export function confirmationState(value: unknown): ConfirmationState {
  if (typeof value === 'string' && STATES.has(value)) return value as ConfirmationState;
  throw new ProviderError(ProviderErrorCode.Protocol, `红字确认单状态无法识别: ${String(value)}`);
}

/**
 * 200 of red-invoice/submit → outcome, liberal in what it accepts (providers.md): a number means issued; neither a
 * number nor a uuid (the document's own `data: {}`) means issued, details unknown; a uuid without a number waits
 * for the buyer (02), is void (05–09), or in any other state waits for this side's 确认开具 / 撤销 — the seed:
 * "如果未直接开具,则需要使用确认单uuid开具红票或撤销开票".
 */
export function redOutcomeFromSubmit(data: Partial<RedSubmitDataWire> | undefined, blueNumber: string): RedOutcome {
  const issued = issuedFromAnswer(data, blueNumber);
  if (issued) return issued;
  const uuid = text(data?.uuid);
  if (!uuid) return { status: 'issued_unknown' };
  return { status: 'awaiting_confirmation', uuid, state: confirmationState(data?.hzqrxxztdm) };
}

/**
 * 200 of red-confirmation/confirm for `uuid` → outcome: a number means issued; 01 / 04 without one is being issued
 * (poll redResult); any other state still waits for someone or is void.
 */
export function redOutcomeFromConfirm(data: Partial<RedSubmitDataWire>, uuid: string): RedOutcome {
  const issued = issuedFromAnswer({ ...data, uuid }, undefined);
  if (issued) return issued;
  const state = confirmationState(data.hzqrxxztdm);
  if (state === '04' || state === '01') return { status: 'in_progress', uuid };
  return { status: 'awaiting_confirmation', uuid, state };
}

function issuedFromAnswer(data: Partial<RedSubmitDataWire> | undefined, blueNumber: string | undefined): RedOutcome | undefined {
  if (!data || !text(data.fphm) || typeof data.kprq !== 'string') return undefined;
  return {
    status: 'issued',
    invoice: withoutEmpty({
      number: data.fphm as string,
      issuedAt: data.kprq,
      grossFen: optionalYuanToFen(data.jshj),
      blueNumber,
      confirmationUuid: text(data.uuid),
    }),
  };
}

/** 200 of red-invoice/result → the red invoice. */
export function issuedFromRedResult(data: Partial<RedResultDataWire> | undefined, uuid: string): IssuedInvoice {
  if (!data || !text(data.fphm) || typeof data.kprq !== 'string') {
    throw new ProviderError(ProviderErrorCode.Protocol, '红字发票结果缺少发票号码或开票日期');
  }
  return withoutEmpty({
    number: data.fphm as string,
    issuedAt: data.kprq,
    grossFen: optionalYuanToFen(data.jshj),
    buyerName: text(data.gmfmc),
    buyerTaxId: text(data.gmfnsrsbh),
    sellerName: text(data.xsfmc),
    sellerTaxId: text(data.xsfnsrsbh),
    // fppzdm: 01 专票, 02 普票.
    kind: data.fppzdm === '01' ? 'special' : data.fppzdm === '02' ? 'normal' : undefined,
    confirmationUuid: uuid,
  });
}

export function confirmationFromWire(wire: Partial<ConfirmationWire> | undefined): Confirmation {
  if (!wire || typeof wire.uuid !== 'string' || wire.uuid === '' || typeof wire.xsfnsrsbh !== 'string') {
    throw new ProviderError(ProviderErrorCode.Protocol, '红字确认单缺少 uuid 或销售方税号');
  }
  const lrfsf = String(wire.lrfsf);
  if (lrfsf !== '0' && lrfsf !== '1') {
    throw new ProviderError(ProviderErrorCode.Protocol, `红字确认单录入方无法识别: ${lrfsf}`);
  }
  const netFen = optionalYuanToFen(wire.hzcxje);
  const taxFen = optionalYuanToFen(wire.hzcxse);
  const grossFen =
    optionalYuanToFen(wire.jshj) ?? (netFen !== undefined && taxFen !== undefined ? netFen + taxFen : undefined);
  const reason = text(wire.chyydm);
  return withoutEmpty({
    uuid: wire.uuid,
    state: confirmationState(wire.hzqrxxztdm),
    enteredBy: lrfsf === '0' ? 'seller' : 'buyer',
    sellerTaxId: wire.xsfnsrsbh,
    sellerName: text(wire.xsfmc),
    buyerTaxId: text(wire.gmfnsrsbh),
    buyerName: text(wire.gmfmc),
    blueNumber: text(wire.lzfphm),
    grossFen,
    netFen,
    taxFen,
    enteredAt: text(wire.lrrq),
    reason: reason && REASONS.has(reason) ? (reason as RedReason) : undefined,
  });
}
