import type { InvoiceKind } from '../api/provider.js';

/** Every spelling of the `类型` key a person may type; English is matched case-insensitively. */
const KIND_WORDS: Record<string, InvoiceKind> = {
  普票: 'normal',
  普通: 'normal',
  普通发票: 'normal',
  电子普票: 'normal',
  normal: 'normal',
  专票: 'special',
  专用: 'special',
  专用发票: 'special',
  电子专票: 'special',
  special: 'special',
};

/** `普票` / `专票` (and synonyms) → InvoiceKind; blank → `normal` (the default); unknown → `undefined`. */
export function parseInvoiceKind(input: string | undefined): InvoiceKind | undefined {
  const text = (input ?? '').normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
  if (text === '') return 'normal';
  return KIND_WORDS[text];
}

/** `normal` → `普票`, for chat. */
export function invoiceKindLabel(kind: InvoiceKind): string {
  return kind === 'special' ? '专票' : '普票';
}
