/**
 * The one mapping between the neutral invoice types and jumdata's invoice fields: InvoiceDraft → invoiceData of
 * blue-invoice/submit, and the bureau's query lists → IssuedInvoice. Field names are decided (providers.md).
 */
import {
  ProviderError,
  ProviderErrorCode,
  type InvoiceDraft,
  type InvoiceKind,
  type InvoiceLine,
  type IssuedInvoice,
} from '../provider.js';
import { assertTotalsAddUp, wireQuantityAndPrice } from '../shared/draft-amounts.js';
import { fenToYuan, optionalYuanToFen, permilleToRate } from '../shared/money-wire.js';
import { text, withoutEmpty } from '../shared/wire-values.js';
import { INVOICE_KIND_CODE, type InvoiceDataWire, type InvoiceLineWire, type InvoiceListItemWire } from './wire.js';

export function toInvoiceDataWire(draft: InvoiceDraft): InvoiceDataWire {
  assertTotalsAddUp(draft);
  const { buyer } = draft;
  return withoutEmpty({
    fplxdm: INVOICE_KIND_CODE[draft.kind],
    gmfmc: buyer.name,
    gmfnsrsbh: buyer.naturalPerson ? undefined : buyer.taxId,
    gmfdz: buyer.address,
    gmfdh: buyer.phone,
    gmfyh: buyer.bankName,
    gmfzh: buyer.bankAccount,
    gmfzrrbz: buyer.naturalPerson ? 'Y' : 'N',
    gmfyx: buyer.email,
    bz: draft.remark,
    hjje: fenToYuan(draft.netFen),
    hjse: fenToYuan(draft.taxFen),
    jshj: fenToYuan(draft.grossFen),
    mxList: draft.lines.map((line, index) => toLineWire(line, index + 1)),
  }) as InvoiceDataWire;
}

/**
 * Lines go tax-exclusive (hsbz 0: je = net, se = tax) so that the totals are exactly the draft's. The unit price
 * must then be tax-exclusive too: dj = je / spsl. With a unit price but no quantity, spsl = gross / unit price.
 */
function toLineWire(line: InvoiceLine, xh: number): InvoiceLineWire {
  const { quantity, unitPrice } = wireQuantityAndPrice(line);
  return withoutEmpty({
    xh,
    fphxz: '0',
    spmc: line.name,
    sphfwssflbm: line.taxCode,
    ggxh: line.spec,
    dw: line.unit,
    spsl: quantity,
    dj: unitPrice,
    je: fenToYuan(line.netFen),
    slv: permilleToRate(line.ratePermille),
    se: fenToYuan(line.taxFen),
    hsbz: '0',
  }) as InvoiceLineWire;
}

/** One item of blue-invoice/query or red-invoice/query → IssuedInvoice. A list without jshj gets hjje + hjse. */
export function issuedFromListItem(item: InvoiceListItemWire): IssuedInvoice {
  if (typeof item.fphm !== 'string' || item.fphm === '' || typeof item.kprq !== 'string') {
    throw new ProviderError(ProviderErrorCode.Protocol, '发票查询结果缺少发票号码或开票日期');
  }
  const netFen = optionalYuanToFen(item.hjje);
  const taxFen = optionalYuanToFen(item.hjse);
  const grossFen =
    optionalYuanToFen(item.jshj) ?? (netFen !== undefined && taxFen !== undefined ? netFen + taxFen : undefined);
  return withoutEmpty({
    number: item.fphm,
    issuedAt: item.kprq,
    grossFen,
    netFen,
    taxFen,
    buyerName: text(item.gmfmc),
    buyerTaxId: text(item.gmfnsrsbh),
    sellerName: text(item.xsfmc),
    sellerTaxId: text(item.xsfnsrsbh),
    kind: kindOfFplxdm(item.fplxdm),
    blueNumber: text(item.kjhzfpdydlzfphm),
    confirmationUuid: text(item.hzqrxxuuid),
  }) as IssuedInvoice;
}

export function kindOfFplxdm(fplxdm: string | null | undefined): InvoiceKind | undefined {
  if (fplxdm === INVOICE_KIND_CODE.special) return 'special';
  if (fplxdm === INVOICE_KIND_CODE.normal) return 'normal';
  return undefined;
}
