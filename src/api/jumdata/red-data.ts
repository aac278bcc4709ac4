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
import { text, withoutEmpty } from './wire-values.js';
import { fenToYuan, optionalYuanToFen } from './money-wire.js';
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
 * 200 of red-invoice/submit or red-confirmation/confirm → outcome: a number means issued; 04 without one is being
 * issued (poll redResult with the uuid); any other state waits for a confirmation or is void (05–09).
 */
export function redOutcomeFromSubmit(data: Partial<RedSubmitDataWire> | undefined, blueNumber?: string): RedOutcome {
  if (!data || typeof data.uuid !== 'string' || data.uuid === '') {
    throw new ProviderError(ProviderErrorCode.Protocol, '红字发票应答中没有确认单 uuid');
  }
  const state = confirmationState(data.hzqrxxztdm);
  if (text(data.fphm) && typeof data.kprq === 'string') {
    return {
      status: 'issued',
      invoice: withoutEmpty({
        number: data.fphm as string,
        issuedAt: data.kprq,
        grossFen: optionalYuanToFen(data.jshj),
        blueNumber,
        confirmationUuid: data.uuid,
      }),
    };
  }
  if (state === '04' || state === '01') return { status: 'in_progress', uuid: data.uuid };
  return { status: 'awaiting_confirmation', uuid: data.uuid, state };
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
