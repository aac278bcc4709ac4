import { describe, expect, it } from 'vitest';
import { cardBytes, FEISHU_CARD_MAX_BYTES, fitFeishuCard } from '../../../src/bot/feishu/card-size.js';
import { renderFeishuCard } from '../../../src/bot/feishu/card-renderer.js';
import { MAX_CARD_LINES, renderJobCard } from '../../../src/flows/job-card.js';
import { checkDraft } from '../../../src/invoice/draft.js';
import type { RawLine } from '../../../src/invoice/raw-draft.js';
import type { JobRecord } from '../../../src/store/jobs.js';
import { cardElements, cardText } from '../../fakes/feishu/card-reading.js';

/** A valid draft of `count` lines whose names are as long, and as markup-heavy, as the limits allow. */
function longDraft(count: number) {
  const lines: RawLine[] = Array.from({ length: count }, (_, index) => ({
    item: `${index + 1}号<技术>[服务]*费*`.padEnd(100, '~'),
    amount: '1060.01',
    rate: '6%',
    qty: '3',
    unit: '次'.repeat(20),
    spec: 'A'.repeat(40),
  }));
  const check = checkDraft({ buyer: '杭'.repeat(100), taxId: '91330106MA2KXN4X3X', remark: '<'.repeat(200), lines });
  if (!check.ok) throw new Error(JSON.stringify(check.errors));
  return check.draft;
}

function jobWith(draft: JobRecord['draft'], changes: Partial<JobRecord> = {}): JobRecord {
  return {
    id: 'job-1',
    type: 'blue',
    state: 'preview',
    chat: { platform: 'feishu', chatId: 'oc_1', chatType: 'group' },
    requester: { id: 'ou_1', name: '财务小王' },
    accountKey: 'default',
    draft,
    warnings: [],
    taskId: 'task-1',
    submitAttempts: 0,
    createdAt: 0,
    updatedAt: 0,
    history: [],
    ...changes,
  };
}

describe('the job card of a long draft', () => {
  it('keeps a valid 100-line preview card under Feishu’s 30 KB, with the first lines and the totals', () => {
    const json = renderFeishuCard(renderJobCard(jobWith(longDraft(100))));
    expect(cardBytes(json)).toBeLessThan(FEISHU_CARD_MAX_BYTES);
    expect(cardElements(json).length).toBeLessThanOrEqual(200);
    const text = cardText(json);
    expect(text).toContain(`…共 100 行，仅显示前 ${MAX_CARD_LINES} 行`);
    expect(text).toContain(`${MAX_CARD_LINES}号<技术>[服务]*费*`);
    expect(text).not.toContain(`${MAX_CARD_LINES + 1}号<技术>`);
    expect(text).toContain('价税合计**：¥106,001.00');
  });

  it('lists every line of a short draft without a fold note', () => {
    const text = cardText(renderFeishuCard(renderJobCard(jobWith(longDraft(3)))));
    expect(text).toContain('3号<技术>');
    expect(text).not.toContain('仅显示前');
  });

  it('cuts a card that is still too big at line ends, and says so', () => {
    const failure = Array.from({ length: 3000 }, (_, index) => `第 ${index} 条原因 <x>`).join('\n');
    const json = renderFeishuCard(renderJobCard(jobWith(longDraft(1), { state: 'failed', failure })));
    expect(cardBytes(json)).toBeLessThanOrEqual(28 * 1024);
    expect(cardText(json)).toContain('…（内容过长，已省略）');
    expect(cardText(json)).toContain('第 0 条原因 <x>');
  });

  it('leaves a card that fits as it is', () => {
    const json = renderFeishuCard({ title: 't', state: 'info', body: ['短'] });
    expect(fitFeishuCard(json)).toBe(json);
  });
});
