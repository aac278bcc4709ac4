import {
  CONFIRMATION_ENTERED_BY_CODE,
  INVOICE_KIND_CODE,
  INVOICE_STATE_CODE,
  formatJumdataTime,
} from '../jumdata/wire.js';
import { fenToYuanNumber } from './money.js';
import type { BlueInvoiceRecord, ConfirmationRecord, RedInvoiceRecord } from './records.js';
import { sellerNameOf, type SandboxState } from './state.js';

/** Records → the field names of the document's samples (amounts as yuan numbers, times in China time). */

/** fppzdm: 01 专票, 02 普票. */
function fppzdmOf(fplxdm: string): string {
  return fplxdm === INVOICE_KIND_CODE.special ? '01' : '02';
}

export function blueListItem(state: SandboxState, invoice: BlueInvoiceRecord): Record<string, unknown> {
  return {
    gjbq: null,
    fphm: invoice.fphm,
    zzfphm: '',
    zzfpdm: '',
    fplydm: '2',
    fplxdm: invoice.fplxdm,
    fppzdm: fppzdmOf(invoice.fplxdm),
    fpztdm: blueStateCode(state, invoice),
    sflzfp: 'Y',
    kjhzfpdydlzfphm: null,
    kpfnsrsbh: invoice.sellerNsrsbh,
    xsfnsrsbh: invoice.sellerNsrsbh,
    xsfmc: invoice.sellerName,
    gmfnsrsbh: invoice.buyer.gmfnsrsbh ?? '',
    gmfmc: invoice.buyer.gmfmc,
    kprq: formatJumdataTime(invoice.kprq),
    hjje: fenToYuanNumber(invoice.netFen),
    hjse: fenToYuanNumber(invoice.taxFen),
    jshj: fenToYuanNumber(invoice.grossFen),
    bz: invoice.bz ?? null,
    fpkjfsdm: '1',
    gmfzrrbz: invoice.buyer.gmfzrrbz,
    hzqrxxuuid: null,
  };
}

/** 01 normal, 03 partly reversed, 04 fully reversed — by the red invoices actually issued against it. */
function blueStateCode(state: SandboxState, invoice: BlueInvoiceRecord): string {
  const reversedFen = state.redInvoices
    .filter((red) => red.blueFphm === invoice.fphm && red.sellerNsrsbh === invoice.sellerNsrsbh)
    .reduce((total, red) => total - red.grossFen, 0);
  if (reversedFen === 0) return INVOICE_STATE_CODE.normal;
  return reversedFen >= invoice.grossFen ? INVOICE_STATE_CODE.fullyReversed : INVOICE_STATE_CODE.partlyReversed;
}

export function redListItem(invoice: RedInvoiceRecord): Record<string, unknown> {
  return {
    xsfmc: invoice.sellerName,
    xsfnsrsbh: invoice.sellerNsrsbh,
    gmfmc: invoice.buyer.gmfmc,
    gmfnsrsbh: invoice.buyer.gmfnsrsbh ?? '',
    dfnsrmc: invoice.buyer.gmfmc,
    dfnsrsbh: invoice.buyer.gmfnsrsbh ?? '',
    kjhzfpdydlzfphm: invoice.blueFphm,
    kprq: formatJumdataTime(invoice.kprq),
    fphm: invoice.fphm,
    fplydm: '2',
    fplxdm: invoice.fplxdm,
    hjje: fenToYuanNumber(invoice.netFen),
    hjse: fenToYuanNumber(invoice.taxFen),
    jshj: fenToYuanNumber(invoice.grossFen),
    zzfpdm: '',
    sflzfp: 'N',
    zzfphm: '',
    hzqrxxuuid: invoice.confirmationUuid,
  };
}

/** red-invoice/result 200 `data`, as the document's sample. */
export function redResultData(invoice: RedInvoiceRecord): Record<string, unknown> {
  return {
    xsfmc: invoice.sellerName,
    xsfnsrsbh: invoice.sellerNsrsbh,
    gmfmc: invoice.buyer.gmfmc,
    gmfnsrsbh: invoice.buyer.gmfnsrsbh ?? '',
    fphm: invoice.fphm,
    fppzdm: fppzdmOf(invoice.fplxdm),
    kprq: formatJumdataTime(invoice.kprq),
    jshj: fenToYuanNumber(invoice.grossFen),
    hjje: fenToYuanNumber(invoice.netFen),
    hjse: fenToYuanNumber(invoice.taxFen),
    kjhzfpdydlzfphm: invoice.blueFphm,
    gmfzrrbz: invoice.buyer.gmfzrrbz,
    tdyslxdm: '',
  };
}

/** The short answer of red submit / confirm: the confirmation, plus the red invoice once issued. */
export function redSubmitData(confirmation: ConfirmationRecord, red: RedInvoiceRecord | undefined): Record<string, unknown> {
  const data: Record<string, unknown> = { uuid: confirmation.uuid, hzqrxxztdm: confirmation.state };
  if (red) Object.assign(data, { fphm: red.fphm, kprq: formatJumdataTime(red.kprq), jshj: fenToYuanNumber(red.grossFen) });
  return data;
}

/** ConfirmationWire: one item of red-confirmation/query; amounts negative as the bureau reports them. */
export function confirmationItem(state: SandboxState, confirmation: ConfirmationRecord): Record<string, unknown> {
  const blue = state.findBlue(confirmation.sellerNsrsbh, confirmation.blueFphm);
  const netFen = confirmation.lines.reduce((total, line) => total + line.netFen, 0);
  const taxFen = confirmation.lines.reduce((total, line) => total + line.taxFen, 0);
  return {
    uuid: confirmation.uuid,
    hzqrxxztdm: confirmation.state,
    lrfsf: CONFIRMATION_ENTERED_BY_CODE[confirmation.enteredBy],
    xsfnsrsbh: confirmation.sellerNsrsbh,
    xsfmc: blue?.sellerName ?? sellerNameOf(confirmation.sellerNsrsbh),
    gmfnsrsbh: blue?.buyer.gmfnsrsbh ?? '',
    gmfmc: blue?.buyer.gmfmc ?? '',
    lzfphm: confirmation.blueFphm,
    lzkprq: blue ? formatJumdataTime(blue.kprq) : null,
    hzcxje: fenToYuanNumber(-netFen),
    hzcxse: fenToYuanNumber(-taxFen),
    jshj: fenToYuanNumber(-(netFen + taxFen)),
    lrrq: formatJumdataTime(confirmation.enteredAt),
    chyydm: confirmation.reason,
    hzfphm: confirmation.redFphm ?? null,
  };
}

/** red-confirmation/detail: the list item plus its lines (hzqrxxmxList, negative amounts). */
export function confirmationDetail(state: SandboxState, confirmation: ConfirmationRecord): Record<string, unknown> {
  const blue = state.findBlue(confirmation.sellerNsrsbh, confirmation.blueFphm);
  const lines = confirmation.lines.map((reversed) => {
    const original = blue?.lines.find((line) => line.xh === reversed.xh);
    return {
      lzmxxh: reversed.xh,
      xh: reversed.xh,
      spmc: original?.spmc ?? '',
      sphfwssflbm: original?.sphfwssflbm ?? '',
      slv: original?.slv ?? '',
      je: fenToYuanNumber(-reversed.netFen),
      se: fenToYuanNumber(-reversed.taxFen),
    };
  });
  return { ...confirmationItem(state, confirmation), hzqrxxmxList: lines };
}
