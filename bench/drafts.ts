/** Sample invoice requests the benchmarks share: as typed (raw) and as the validated draft a provider gets. */
import type { InvoiceDraft } from '../src/api/provider.js';
import { checkDraft } from '../src/invoice/draft.js';
import type { RawDraft, RawLine } from '../src/invoice/raw-draft.js';

/** A valid unified social credit code (the check-character test vector of providers.md). */
export const BUYER_TAX_ID = '91110000600037341L';

const ITEMS = ['技术服务费', '咨询费', '软件维护费', '培训费', '设计服务费'];
const RATES = ['6%', '0.06', '13%', '3%', '9%'];

/** Line i of a sample draft: varied names, amounts with and without fen, several rates, some with a quantity. */
export function sampleLine(index: number): RawLine {
  const line: RawLine = {
    item: `${ITEMS[index % ITEMS.length]}${index + 1}`,
    amount: `${1060 + index * 37}.${String(index % 100).padStart(2, '0')}`,
    rate: RATES[index % RATES.length] ?? '6%',
  };
  if (index % 3 === 0) {
    line.qty = String((index % 7) + 1);
    line.unit = '次';
  }
  return line;
}

export function sampleRawDraft(lineCount: number): RawDraft {
  return {
    buyer: '杭州测试科技有限公司',
    taxId: BUYER_TAX_ID,
    remark: '十月服务',
    lines: Array.from({ length: lineCount }, (_, index) => sampleLine(index)),
  };
}

/** The validated draft of `sampleRawDraft`; throws if the sample itself is wrong (then a benchmark would time the error path). */
export function sampleDraft(lineCount: number): InvoiceDraft {
  const check = checkDraft(sampleRawDraft(lineCount));
  if (!check.ok) throw new Error(`bench sample draft is invalid: ${check.errors.map((e) => e.message).join('; ')}`);
  return check.draft;
}

/** The same request as the text after `开票`: header keys on the first line, one `项目=` line per item. */
export function sampleIssueText(lineCount: number): string {
  const raw = sampleRawDraft(lineCount);
  const lines = raw.lines.map((line) =>
    [`项目=${line.item}`, `金额=${line.amount}`, `税率=${line.rate}`, line.qty ? `数量=${line.qty} 单位=${line.unit}` : '']
      .filter(Boolean)
      .join(' '),
  );
  return [`购方=${raw.buyer} 税号=${raw.taxId} 备注=${raw.remark}`, ...lines].join('\n');
}
