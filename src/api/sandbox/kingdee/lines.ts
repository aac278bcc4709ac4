/**
 * Reading an invoice/create body as the bureau would: every amount exact (fen via decimal.js), each line's tax
 * within the bureau's 0.06 of net × rate, and header totals equal to the sums of the lines. A broken rule is an
 * argsErr naming the field.
 */
import { Decimal } from 'decimal.js';
import type { InvoiceCreateWire, InvoiceItemWire } from '../../kingdee/wire.js';
import { yuanToFen } from '../../shared/money-wire.js';
import type { SimLine } from './state.js';

const TAX_TOLERANCE_FEN = 6;

export type ReadBody = { ok: true; lines: SimLine[]; netFen: number; taxFen: number } | { ok: false; problem: string };

function fen(value: unknown, field: string): number {
  if (typeof value !== 'number' && typeof value !== 'string') throw new Error(`${field} 缺失`);
  return yuanToFen(value);
}

export function readAmounts(body: InvoiceCreateWire): ReadBody {
  try {
    if (!Array.isArray(body.items) || body.items.length === 0) return { ok: false, problem: 'items 不能为空' };
    const lines = body.items.map((item, position) => readLine(item, position + 1));
    const netFen = lines.reduce((total, line) => total + line.netFen, 0);
    const taxFen = lines.reduce((total, line) => total + line.taxFen, 0);
    if (fen(body.invoiceAmount, 'invoiceAmount') !== netFen) return { ok: false, problem: 'invoiceAmount 与明细 detailAmount 之和不一致' };
    if (fen(body.totalTaxAmount, 'totalTaxAmount') !== taxFen) return { ok: false, problem: 'totalTaxAmount 与明细 taxAmount 之和不一致' };
    if (fen(body.totalAmount, 'totalAmount') !== netFen + taxFen) return { ok: false, problem: 'totalAmount 不等于 invoiceAmount + totalTaxAmount' };
    return { ok: true, lines, netFen, taxFen };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
}

function readLine(item: InvoiceItemWire, index: number): SimLine {
  if (typeof item.goodsName !== 'string' || item.goodsName === '') throw new Error(`items[${index}].goodsName 不能为空`);
  const netFen = fen(item.detailAmount, `items[${index}].detailAmount`);
  const taxFen = fen(item.taxAmount, `items[${index}].taxAmount`);
  const rate = new Decimal(String(item.taxRate));
  if (rate.isNeg() || rate.gt(1)) throw new Error(`items[${index}].taxRate 无效`);
  const expected = rate.times(netFen).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  if (Math.abs(expected - taxFen) > TAX_TOLERANCE_FEN) throw new Error(`items[${index}].taxAmount 与 detailAmount × taxRate 相差超过 0.06`);
  if (item.num !== undefined && item.unitPrice !== undefined) {
    const product = new Decimal(item.num).times(item.unitPrice).times(100);
    if (product.minus(netFen).abs().gt(1)) throw new Error(`items[${index}] num × unitPrice 与 detailAmount 不一致`);
  }
  return {
    index,
    goodsName: item.goodsName,
    ...(item.goodsCode ? { goodsCode: item.goodsCode } : {}),
    ...(item.specModel ? { specModel: item.specModel } : {}),
    ...(item.unit ? { unit: item.unit } : {}),
    ...(item.num ? { num: item.num } : {}),
    ...(item.unitPrice ? { unitPrice: item.unitPrice } : {}),
    taxRate: rate.toFixed(),
    netFen,
    taxFen,
  };
}
