/**
 * A draft's amounts as the bureau (数电) takes them, whichever provider carries them: totals that add up, and a line's
 * quantity and tax-exclusive unit price to 13 decimals.
 */
import { Decimal } from 'decimal.js';
import { ProviderError, ProviderErrorCode, type InvoiceDraft, type InvoiceLine } from '../provider.js';
import { toPlainDecimal } from './money-wire.js';

/** Quantity and unit price carry up to 13 decimals on the wire. */
export const QUANTITY_PLACES = 13;
/**
 * decimal.js's default 20 significant digits cut a unit price of a large line (8 integer digits + 13 decimals) to
 * 12 decimals before it is rounded to 13: divide with room to spare and the bureau's half-up rounding.
 */
const WireDecimal = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP });

/** Tax-exclusive unit price as the bureau takes it: net / quantity, rounded half up to 13 decimals. */
export function netUnitPrice(line: InvoiceLine, quantity: Decimal): string {
  return toPlainDecimal(new WireDecimal(line.netFen).div(100).div(quantity), QUANTITY_PLACES);
}

/** A line's quantity and tax-exclusive unit price as both providers' wires take them; both absent when it has neither. */
export function wireQuantityAndPrice(line: InvoiceLine): { quantity?: string; unitPrice?: string } {
  const quantity = quantityOf(line);
  return quantity ? { quantity: toPlainDecimal(quantity, QUANTITY_PLACES), unitPrice: netUnitPrice(line, quantity) } : {};
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
