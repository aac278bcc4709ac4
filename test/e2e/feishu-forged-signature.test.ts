import { afterEach, describe, expect, it } from 'vitest';
import { deliver, messageEvent, signedEvent } from '../fakes/feishu/events.js';
import { CHAT, CLERK, ENCRYPT_KEY, startHarness, VERIFICATION_TOKEN, type Harness } from './harness.js';

describe('Feishu: a forged delivery', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('refuses a forged signature and runs nothing', async () => {
    h = await startHarness();
    const event = signedEvent(
      messageEvent({ chatId: CHAT, userId: CLERK, text: '帮助', mentionBot: true, verificationToken: VERIFICATION_TOKEN }),
      { encryptKey: ENCRYPT_KEY },
    );
    const forged = { ...event, headers: { ...event.headers, 'x-lark-signature': 'f'.repeat(64) } };
    expect((await deliver(`${h.bot.url}/feishu/webhook`, forged)).status).toBe(401);
    const wrongKey = signedEvent(JSON.parse(event.body), { encryptKey: 'not-the-real-key' });
    expect((await deliver(`${h.bot.url}/feishu/webhook`, wrongKey)).status).toBeGreaterThanOrEqual(400);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.feishu.messagesIn(CHAT)).toHaveLength(0);
  });
});
