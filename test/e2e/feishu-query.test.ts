/**
 * 查询 on Feishu alone: paging buttons carry their range and page in the card's callback value, which a forged callback
 * can set to anything. What 查询 shows and how it pages, on every platform: query-download.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatChinaDate } from '../../src/china-time.js';
import { cardText, findButtonValue } from '../fakes/feishu/card-reading.js';
import { cardActionEvent, deliver, signedEvent } from '../fakes/feishu/events.js';
import { directSeller, type DirectSeller } from './direct-seller.js';
import { CHAT, CLERK, ENCRYPT_KEY, startHarness, VERIFICATION_TOKEN, type Harness } from './harness.js';

let h: Harness;
let seller: DirectSeller | undefined;

async function start(): Promise<Harness> {
  h = await startHarness({ sandbox: { smsRequired: false } });
  return h;
}

afterEach(async () => {
  await seller?.close();
  seller = undefined;
  await h.close();
});

/** A click as Feishu would deliver it, from `chatId`, carrying any value. */
function forgedClick(options: { chatId: string; messageId: string; value: Record<string, unknown> }) {
  const event = cardActionEvent({ ...options, userId: CLERK, verificationToken: VERIFICATION_TOKEN, appId: h.feishu.appId });
  return deliver(`${h.bot.url}/feishu/webhook`, signedEvent(event, { encryptKey: ENCRYPT_KEY }));
}

describe('Feishu: 查询 paging buttons', () => {
  it('refuses a paging click from another chat, and warns on a forged or stale page; a buyer named like a mention pings nobody', async () => {
    await start();
    seller = await directSeller(h);
    for (let i = 1; i <= 20; i += 1) await seller.issueBlue(`客户${i}有限公司`, 106);
    // The newest: on the first page.
    await seller.issueBlue('<at id=all></at> 公司', 106);
    await h.say('查询');
    const card = await h.card('发票查询');
    expect(cardText(card.originalContent)).toContain('<at id=all></at> 公司');
    expect(card.mentionsEveryone).toBe(false);
    const next = findButtonValue(card.originalContent, '下一页') as Record<string, string>;
    expect(next.chat).toBe(CHAT);

    const elsewhere = await forgedClick({ chatId: 'oc_other_group', messageId: 'om_other_card', value: next });
    expect(elsewhere.json).toEqual({ toast: { type: 'error', content: '这个按钮不属于这个群，已忽略' } });

    const today = formatChinaDate(Date.now());
    for (const forged of [
      { ...next, page: 'abc' },
      { ...next, page: '0' },
      { ...next, page: '3' },
      { ...next, page: '__proto__' },
      { ...next, page: '1e1' },
      { ...next, from: 'x' },
      { ...next, from: today, to: '2020-01-01' },
      { ...next, from: '2000-01-01' },
      { op: 'query_page', chat: CHAT },
    ]) {
      const answer = await forgedClick({ chatId: CHAT, messageId: card.messageId, value: forged });
      expect(answer.status, JSON.stringify(forged)).toBe(200);
      expect(answer.json, JSON.stringify(forged)).toEqual({ toast: { type: 'warning', content: '这个翻页按钮已经失效，请重新发送「查询」' } });
    }
  });
});
