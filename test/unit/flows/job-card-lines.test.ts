import { describe, expect, it } from 'vitest';
import { toInvoiceDataWire } from '../../../src/api/jumdata/invoice-data.js';
import { draftLinesText } from '../../../src/flows/job-card.js';
import { checkDraft } from '../../../src/invoice/draft.js';
import type { RawDraft } from '../../../src/invoice/raw-draft.js';

function draftOf(raw: RawDraft) {
  const check = checkDraft(raw);
  if (!check.ok) throw new Error(JSON.stringify(check.errors));
  return check.draft;
}

describe('draftLinesText', () => {
  it('shows the tax-inclusive unit price of a line with a quantity, rounded to 13 decimals as computed', () => {
    const draft = draftOf({
      buyer: '杭州测试科技有限公司',
      taxId: '91330106MA2KXN4X3X',
      lines: [
        { item: '咨询费', amount: '1060', rate: '6%', qty: '3', unit: '次' },
        { item: '技术服务费', amount: '530', rate: '6%' },
      ],
    });
    expect(draftLinesText(draft)).toEqual([
      '1. 咨询费 × 3次 · 含税单价 ¥353.3333333333333 · 税率 6% · 含税 ¥1,060.00（税额 ¥60.00）\n' +
        '2. 技术服务费 · 税率 6% · 含税 ¥530.00（税额 ¥30.00）',
    ]);
    // What the bureau gets is the tax-exclusive price of the same line, to the same 13 decimals.
    expect(toInvoiceDataWire(draft).mxList[0]).toMatchObject({ spsl: '3', dj: '333.3333333333333', je: '1000.00' });
  });
});
