/**
 * The one mapping between the neutral types and Kingdee's invoice/create body and result (the seed's field names):
 * InvoiceDraft → a blue body, a confirmation → a red body, the result query → IssuedInvoice. Lines go tax-exclusive
 * (`taxFlag` 0, the only value supported) so the totals are exactly the draft's.
 */
import {
  ProviderError,
  ProviderErrorCode,
  type InvoiceDraft,
  type InvoiceLine,
  type IssuedInvoice,
  type TaxAccount,
} from '../provider.js';
import { assertTotalsAddUp, wireQuantityAndPrice } from '../shared/draft-amounts.js';
import { text, withoutEmpty } from '../shared/wire-values.js';
import { fenToYuanNumber, permilleToRateNumber } from './money-wire.js';
import {
  FPDK_TYPE_OTHER,
  INVOICE_COLOUR_CODE,
  INVOICE_TYPE_CODE,
  type InvoiceCreateWire,
  type InvoiceItemWire,
  type InvoiceStatusWire,
} from './wire.js';

export function toBlueCreateWire(draft: InvoiceDraft, account: TaxAccount, serialNo: string): InvoiceCreateWire {
  assertTotalsAddUp(draft);
  const { buyer } = draft;
  return withoutEmpty({
    fpdkType: FPDK_TYPE_OTHER,
    serialNo,
    type: INVOICE_COLOUR_CODE.blue,
    taxFlag: 0,
    paperInvoiceType: 1,
    invoiceType: INVOICE_TYPE_CODE[draft.kind],
    invoiceAmount: fenToYuanNumber(draft.netFen),
    totalTaxAmount: fenToYuanNumber(draft.taxFen),
    totalAmount: fenToYuanNumber(draft.grossFen),
    salerTaxNo: account.nsrsbh,
    buyerName: buyer.name,
    buyerTaxNo: buyer.naturalPerson ? undefined : buyer.taxId,
    buyerAddress: buyer.address,
    buyerFixedTelephone: buyer.phone,
    buyerCardName: buyer.bankName,
    buyerCardNumber: buyer.bankAccount,
    buyerEmail: buyer.email,
    naturalPersonFlag: buyer.naturalPerson ? 'Y' : 'N',
    remark: draft.remark,
    items: draft.lines.map(toItemWire),
  }) as InvoiceCreateWire;
}

/** Tax-exclusive line: the unit price is net / quantity, as `taxFlag` 0 requires. */
function toItemWire(line: InvoiceLine): InvoiceItemWire {
  const { quantity, unitPrice } = wireQuantityAndPrice(line);
  return withoutEmpty({
    goodsName: line.name,
    goodsCode: line.taxCode,
    specModel: line.spec,
    unit: line.unit,
    num: quantity,
    unitPrice: unitPrice,
    detailAmount: fenToYuanNumber(line.netFen),
    taxRate: permilleToRateNumber(line.ratePermille),
    taxAmount: fenToYuanNumber(line.taxFen),
  }) as InvoiceItemWire;
}

/** Status 1 → the invoice; its number and date are what the bureau gave. */
export function issuedFromStatus(data: InvoiceStatusWire): Pick<IssuedInvoice, 'number' | 'issuedAt'> {
  const number = text(data.invoiceNo);
  if (!number || typeof data.invoiceDate !== 'string' || data.invoiceDate === '') {
    throw new ProviderError(ProviderErrorCode.Protocol, '金蝶开票结果缺少发票号码或开票日期');
  }
  return { number, issuedAt: data.invoiceDate };
}
