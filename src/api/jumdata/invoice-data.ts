/**
 * The one mapping between the neutral invoice types and jumdata's invoice fields: InvoiceDraft → invoiceData of
 * blue-invoice/submit, and the bureau's query lists → IssuedInvoice. Field names are decided (providers.md).
 */
import { Decimal } from 'decimal.js';
import {
  ProviderError,
  ProviderErrorCode,
  type InvoiceDraft,
  type InvoiceKind,
  type InvoiceLine,
  type IssuedInvoice,
} from '../provider.js';
import { text, withoutEmpty } from '../shared/wire-values.js';
import { fenToYuan, optionalYuanToFen, permilleToRate, toPlainDecimal } from '../shared/money-wire.js';
import { INVOICE_KIND_CODE, type InvoiceDataWire, type InvoiceLineWire, type InvoiceListItemWire } from './wire.js';

/** Quantity and unit price carry up to 13 decimals on the wire. */
const QUANTITY_PLACES = 13;
/**
 * decimal.js's default 20 significant digits cut a unit price of a large line (8 integer digits + 13 decimals) to
 * 12 decimals before it is rounded to 13: divide with room to spare and the bureau's half-up rounding.
 */
const WireDecimal = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP });

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
  const quantity = quantityOf(line);
  return withoutEmpty({
    xh,
    fphxz: '0',
    spmc: line.name,
    sphfwssflbm: line.taxCode,
    ggxh: line.spec,
    dw: line.unit,
    spsl: quantity ? toPlainDecimal(quantity, QUANTITY_PLACES) : undefined,
    dj: quantity ? netUnitPrice(line, quantity) : undefined,
    je: fenToYuan(line.netFen),
    slv: permilleToRate(line.ratePermille),
    se: fenToYuan(line.taxFen),
    hsbz: '0',
  }) as InvoiceLineWire;
}

/** Tax-exclusive unit price as the bureau takes it: net / quantity, rounded half up to 13 decimals. */
export function netUnitPrice(line: InvoiceLine, quantity: Decimal): string {
  return toPlainDecimal(new WireDecimal(line.netFen).div(100).div(quantity), QUANTITY_PLACES);
}

/** The line's quantity: as typed, or gross / unit price when only a unit price was given. */
export function quantityOf(line: InvoiceLine): Decimal | undefined {
  const quantity = positiveDecimal(line.quantity, '数量');
  if (quantity) return quantity;
  const unitPrice = positiveDecimal(line.unitPrice, '单价');
  return unitPrice ? new WireDecimal(line.grossFen).div(100).div(unitPrice) : undefined;
}

function positiveDecimal(text: string | undefined, field: string): Decimal | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let value: Decimal;
  try {
    value = new WireDecimal(text.trim());
  } catch {
    throw new ProviderError(ProviderErrorCode.BadRequest, `${field}不是数字: ${text}`);
  }
  if (!value.isFinite() || value.lte(0)) throw new ProviderError(ProviderErrorCode.BadRequest, `${field}必须大于 0`);
  return value;
}

/** The draft is validated upstream; this guards the one invariant the bureau rejects loudly, before a billed call. */
export function assertTotalsAddUp(draft: InvoiceDraft): void {
  if (draft.lines.length === 0) throw new ProviderError(ProviderErrorCode.BadRequest, '发票没有明细行');
  const sum = (pick: (line: InvoiceLine) => number): number => draft.lines.reduce((total, line) => total + pick(line), 0);
  const consistent =
    sum((l) => l.netFen) === draft.netFen &&
    sum((l) => l.taxFen) === draft.taxFen &&
    draft.netFen + draft.taxFen === draft.grossFen &&
    draft.lines.every((l) => l.netFen + l.taxFen === l.grossFen);
  if (!consistent) throw new ProviderError(ProviderErrorCode.BadRequest, '合计金额、税额与明细行之和不一致');
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
