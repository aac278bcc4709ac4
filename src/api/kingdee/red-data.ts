/**
 * The red-letter side of the mapping: the red/apply body, a confirmation (as the client source prints it) → the
 * neutral Confirmation, the red invoice it carries once issued, and the red invoice/create body built from it.
 */
import {
  ProviderError,
  ProviderErrorCode,
  type Confirmation,
  type ConfirmationState,
  type IssuedInvoice,
  type RedReason,
  type RedRequest,
  type TaxAccount,
} from '../provider.js';
import { optionalYuanToFen, yuanToFen } from '../shared/money-wire.js';
import { text, withoutEmpty } from '../shared/wire-values.js';
import { fenToYuanNumber } from './money-wire.js';
import {
  FPDK_TYPE_OTHER,
  INVOICE_COLOUR_CODE,
  INVOICE_TYPE_CODE,
  type ConfirmBillItemWire,
  type ConfirmBillWire,
  type InvoiceCreateWire,
  type RedApplyWire,
} from './wire.js';

const STATES: ReadonlySet<string> = new Set(['01', '02', '03', '04', '05', '06', '07', '08', '09']);
const REASONS: ReadonlySet<string> = new Set(['01', '02', '03', '04']);
/** Kingdee's 10 (作废, 异常凭证) has no neutral code of its own: it is void like 09. */
const VOID_ABNORMAL = '10';

export function toRedApplyWire(request: RedRequest, account: TaxAccount): RedApplyWire {
  const lines = request.lines ?? [];
  for (const line of lines) {
    if (!Number.isSafeInteger(line.lineNo) || line.lineNo < 1) {
      throw new ProviderError(ProviderErrorCode.BadRequest, `红冲明细行号无效: ${line.lineNo}`);
    }
    if (!(line.grossFen > 0)) throw new ProviderError(ProviderErrorCode.BadRequest, '红冲金额必须大于 0');
  }
  return withoutEmpty({
    salerTaxNo: account.nsrsbh,
    originalEtaxInvoiceNo: request.blueNumber,
    originalInvoiceDate: request.blueIssuedAt,
    redReason: request.reason,
    items:
      lines.length > 0
        ? lines.map((line) => ({ blueInvoiceItemIndex: line.lineNo, totalAmount: fenToYuanNumber(-line.grossFen) }))
        : undefined,
  });
}

export function billState(bill: ConfirmBillWire): ConfirmationState {
  const state = String(bill.redConfirmBillStatus ?? '');
  if (state === VOID_ABNORMAL) return '09';
  if (STATES.has(state)) return state as ConfirmationState;
  throw new ProviderError(ProviderErrorCode.Protocol, `红字确认单状态无法识别: ${state}`);
}

export function billUuid(bill: ConfirmBillWire | undefined): string {
  const uuid = text(bill?.govRedConfirmBillUuid);
  if (!uuid) throw new ProviderError(ProviderErrorCode.Protocol, '红字确认单应答缺少 govRedConfirmBillUuid');
  return uuid;
}

export function confirmationFromBill(bill: ConfirmBillWire): Confirmation {
  const identity = String(bill.enterIdentity ?? '');
  if (identity !== '0' && identity !== '1') {
    throw new ProviderError(ProviderErrorCode.Protocol, `红字确认单录入方无法识别: ${identity}`);
  }
  const netFen = optionalYuanToFen(bill.redInvoiceAmount);
  const taxFen = optionalYuanToFen(bill.redTaxAmount);
  const reason = text(bill.redReason);
  return withoutEmpty({
    uuid: billUuid(bill),
    state: billState(bill),
    enteredBy: identity === '0' ? 'seller' : 'buyer',
    sellerTaxId: bill.salerTaxNo ?? '',
    sellerName: text(bill.salerName),
    buyerTaxId: text(bill.buyerTaxNo),
    buyerName: text(bill.buyerName),
    blueNumber: text(bill.blueInvoiceNo),
    grossFen: netFen !== undefined && taxFen !== undefined ? netFen + taxFen : undefined,
    netFen,
    taxFen,
    enteredAt: text(bill.redConfirmEnterDate),
    reason: reason && REASONS.has(reason) ? (reason as RedReason) : undefined,
  });
}

/** The red invoice a confirmation carries once it was issued (client source: redInvoiceNo / redInvoiceDate). */
export function redInvoiceOfBill(bill: ConfirmBillWire): IssuedInvoice | undefined {
  const number = text(bill.redInvoiceNo);
  const issuedAt = text(bill.redInvoiceDate);
  if (!number || !issuedAt) return undefined;
  const confirmation = confirmationFromBill(bill);
  return withoutEmpty({
    number,
    issuedAt,
    grossFen: confirmation.grossFen,
    netFen: confirmation.netFen,
    taxFen: confirmation.taxFen,
    buyerName: confirmation.buyerName,
    buyerTaxId: confirmation.buyerTaxId,
    sellerName: confirmation.sellerName,
    sellerTaxId: confirmation.sellerTaxId,
    blueNumber: confirmation.blueNumber,
    confirmationUuid: confirmation.uuid,
  });
}

/**
 * The red invoice/create (type 1) for a confirmation in 01 or 04: the original invoice's fields, the confirmation's
 * uuid, number and date, and its lines, negative as the bureau holds them; totals are the sums of the lines.
 */
export function toRedCreateWire(bill: ConfirmBillWire, account: TaxAccount, serialNo: string): InvoiceCreateWire {
  const items = (bill.items ?? []).map(redItem);
  if (items.length === 0) throw new ProviderError(ProviderErrorCode.Protocol, '红字确认单没有明细行');
  const netFen = items.reduce((total, item) => total + item.netFen, 0);
  const taxFen = items.reduce((total, item) => total + item.taxFen, 0);
  const blueNumber = text(bill.blueInvoiceNo);
  const blueDate = text(bill.blueInvoiceDate);
  if (!blueNumber || !blueDate) throw new ProviderError(ProviderErrorCode.Protocol, '红字确认单缺少蓝字发票号码或日期');
  return withoutEmpty({
    fpdkType: FPDK_TYPE_OTHER,
    serialNo,
    type: INVOICE_COLOUR_CODE.red,
    taxFlag: 0,
    paperInvoiceType: 1,
    invoiceType: String(bill.blueInvoiceType ?? '') === INVOICE_TYPE_CODE.special ? INVOICE_TYPE_CODE.special : INVOICE_TYPE_CODE.normal,
    invoiceAmount: fenToYuanNumber(netFen),
    totalTaxAmount: fenToYuanNumber(taxFen),
    totalAmount: fenToYuanNumber(netFen + taxFen),
    salerTaxNo: account.nsrsbh,
    salerName: text(bill.salerName),
    buyerName: bill.buyerName ?? '',
    buyerTaxNo: text(bill.buyerTaxNo),
    naturalPersonFlag: text(bill.buyerTaxNo) ? 'N' : 'Y',
    originalInvoiceNo: blueNumber,
    originalEtaxInvoiceNo: blueNumber,
    originalInvoiceDate: blueDate,
    govRedConfirmBillUuid: billUuid(bill),
    redConfirmBillNo: text(bill.redConfirmBillNo),
    redConfirmEnterDate: text(bill.redConfirmEnterDate),
    redReason: text(bill.redReason),
    items: items.map((item) => item.wire),
  }) as InvoiceCreateWire;
}

function redItem(item: ConfirmBillItemWire): { netFen: number; taxFen: number; wire: InvoiceCreateWire['items'][number] } {
  if (item.detailAmount === undefined || item.taxAmount === undefined || item.taxRate === undefined) {
    throw new ProviderError(ProviderErrorCode.Protocol, '红字确认单明细缺少金额、税额或税率');
  }
  const netFen = -Math.abs(yuanToFen(item.detailAmount));
  const taxFen = -Math.abs(yuanToFen(item.taxAmount));
  return {
    netFen,
    taxFen,
    wire: withoutEmpty({
      goodsName: item.goodsName ?? '',
      goodsCode: text(item.goodsCode),
      specModel: text(item.specModel),
      unit: text(item.unit),
      num: item.num === undefined || item.num === '' ? undefined : String(item.num),
      unitPrice: item.unitPrice === undefined || item.unitPrice === '' ? undefined : String(item.unitPrice),
      detailAmount: fenToYuanNumber(netFen),
      taxRate: Number(item.taxRate),
      taxAmount: fenToYuanNumber(taxFen),
    }),
  };
}
