import { INVOICE_KIND_CODE } from '../jumdata/wire.js';
import { yuanToFen } from './money.js';
import type { InvoiceContent, InvoiceLineRecord } from './records.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

const KINDS: readonly string[] = Object.values(INVOICE_KIND_CODE);

/**
 * Minimal check of blue-invoice/submit's invoiceData (InvoiceDataWire): JSON, a buyer name, lines, and totals that add
 * up (hjje = Σ line amounts without tax, hjse = Σ se, jshj = hjje + hjse). The message names the offending field.
 */
export function parseInvoiceData(text: string): ParseResult<InvoiceContent> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('invoiceData 不是合法的 JSON');
  }
  if (!isObject(raw)) return fail('invoiceData 应为 JSON 对象');
  const fplxdm = textOf(raw.fplxdm);
  if (!KINDS.includes(fplxdm)) return fail(`invoiceData.fplxdm 应为 ${KINDS.join(' 或 ')}`);
  const gmfmc = textOf(raw.gmfmc);
  if (!gmfmc) return fail('invoiceData.gmfmc 不能为空');
  const gmfzrrbz = textOf(raw.gmfzrrbz) || 'N';
  if (gmfzrrbz !== 'Y' && gmfzrrbz !== 'N') return fail('invoiceData.gmfzrrbz 应为 Y 或 N');
  if (!Array.isArray(raw.mxList) || raw.mxList.length === 0) return fail('invoiceData.mxList 不能为空');

  const lines: InvoiceLineRecord[] = [];
  for (const [index, item] of raw.mxList.entries()) {
    const line = parseLine(item, index);
    if (!line.ok) return line;
    lines.push(line.value);
  }
  const totals = { hjje: yuanToFen(raw.hjje), hjse: yuanToFen(raw.hjse), jshj: yuanToFen(raw.jshj) };
  for (const [field, fen] of Object.entries(totals)) {
    if (fen === undefined) return fail(`invoiceData.${field} 金额格式错误`);
  }
  const netFen = totals.hjje as number;
  const taxFen = totals.hjse as number;
  const grossFen = totals.jshj as number;
  if (netFen !== sum(lines, 'netFen')) return fail('invoiceData.hjje 与明细金额合计不符');
  if (taxFen !== sum(lines, 'taxFen')) return fail('invoiceData.hjse 与明细税额合计不符');
  if (grossFen !== netFen + taxFen) return fail('invoiceData.jshj 不等于 hjje + hjse');
  if (grossFen <= 0) return fail('invoiceData.jshj 应大于 0');

  return {
    ok: true,
    value: {
      fplxdm,
      buyer: {
        gmfmc,
        gmfzrrbz,
        ...optionalTexts(raw, ['gmfnsrsbh', 'gmfdz', 'gmfdh', 'gmfyh', 'gmfzh', 'gmfyx'] as const),
      },
      ...optionalTexts(raw, ['bz'] as const),
      lines,
      netFen,
      taxFen,
      grossFen,
    },
  };
}

function parseLine(item: unknown, index: number): ParseResult<InvoiceLineRecord> {
  const at = `invoiceData.mxList[${index}]`;
  if (!isObject(item)) return fail(`${at} 应为 JSON 对象`);
  const xh = Number(item.xh ?? index + 1);
  if (!Number.isInteger(xh) || xh < 1) return fail(`${at}.xh 应为正整数`);
  const spmc = textOf(item.spmc);
  if (!spmc) return fail(`${at}.spmc 不能为空`);
  const je = yuanToFen(item.je);
  if (je === undefined) return fail(`${at}.je 金额格式错误`);
  const se = yuanToFen(item.se);
  if (se === undefined) return fail(`${at}.se 金额格式错误`);
  const slv = textOf(item.slv);
  if (!/^\d+(\.\d{1,3})?$/.test(slv)) return fail(`${at}.slv 税率格式错误`);
  const hsbz = textOf(item.hsbz) || '0';
  if (hsbz !== '0' && hsbz !== '1') return fail(`${at}.hsbz 应为 0 或 1`);
  const fphxz = textOf(item.fphxz) || '0';
  if (!['0', '1', '2'].includes(fphxz)) return fail(`${at}.fphxz 应为 0、1 或 2`);
  const netFen = hsbz === '1' ? je - se : je;
  return {
    ok: true,
    value: {
      xh,
      fphxz,
      spmc,
      slv,
      hsbz,
      netFen,
      taxFen: se,
      grossFen: netFen + se,
      ...optionalTexts(item, ['sphfwssflbm', 'ggxh', 'dw', 'spsl', 'dj'] as const),
    },
  };
}

function optionalTexts<K extends string>(source: Record<string, unknown>, keys: readonly K[]): Partial<Record<K, string>> {
  const picked: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = textOf(source[key]);
    if (value) picked[key] = value;
  }
  return picked;
}

function textOf(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sum(lines: InvoiceLineRecord[], field: 'netFen' | 'taxFen'): number {
  return lines.reduce((total, line) => total + line[field], 0);
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
