import { formatJumdataTime } from '../jumdata/wire.js';
import { fenToYuanString } from './money.js';
import type { BlueInvoiceRecord, RedInvoiceRecord } from './records.js';

export function downloadUrl(publicUrl: string, fphm: string): string {
  return `${publicUrl}/__sandbox/download/${encodeURIComponent(fphm)}.pdf`;
}

/** What the PDF prints: any simulator's invoice that names these. */
export type PdfInvoice = Pick<BlueInvoiceRecord | RedInvoiceRecord, 'kind' | 'fphm' | 'kprq' | 'sellerNsrsbh' | 'grossFen'>;

/** A tiny but valid one-page PDF naming the invoice (ASCII only: the built-in font has no Chinese). */
export function invoicePdf(invoice: PdfInvoice): Buffer {
  const lines = [
    `Sandbox ${invoice.kind} invoice ${invoice.fphm}`,
    `Issued ${formatJumdataTime(invoice.kprq)} (UTC+8)`,
    `Seller ${invoice.sellerNsrsbh}`,
    `Total ${fenToYuanString(invoice.grossFen)} CNY`,
  ];
  const text = lines.map((line, index) => `BT /F1 14 Tf 56 ${760 - index * 24} Td (${escapePdfText(line)}) Tj ET`).join('\n');
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]);
}

/** Objects 1..n, a cross-reference table with exact byte offsets, and the trailer. */
function buildPdf(objects: string[]): Buffer {
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function escapePdfText(text: string): string {
  return text.replace(/[\\()]/g, (char) => `\\${char}`);
}
