import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createFeishuClient, createFeishuSender, fetchBotOpenId } from '../../../src/bot/feishu/index.js';
import type { Inbound } from '../../../src/bot/platform.js';
import { startFakeFeishu, type FakeFeishu } from '../../fakes/feishu/platform.js';
import { clickEvent, deliver, messageEvent, signedEvent } from '../../fakes/feishu/events.js';
import { cardText } from '../../fakes/feishu/card-reading.js';
import { ENCRYPT_KEY, startReceiver, VERIFICATION_TOKEN, type ReceiverHarness } from './receiver-harness.js';

let fake: FakeFeishu;
let receiver: ReceiverHarness;

afterEach(async () => {
  await receiver.close();
  await fake.close();
});

describe('Feishu adapter round trip', () => {
  it('a mention becomes a card in the chat, and a click on it updates that card', async () => {
    fake = await startFakeFeishu();
    const logger = pino({ level: 'silent' });
    const client = createFeishuClient({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url, logger });
    const sender = createFeishuSender({ client, logger });
    const botOpenId = await fetchBotOpenId(client);
    receiver = await startReceiver({ botOpenId: () => botOpenId });
    receiver.respond = async (inbound: Inbound) => {
      if (inbound.kind === 'message' && inbound.mentioned) {
        await sender.sendCard(
          inbound.chat,
          {
            title: '开票预览',
            state: 'pending',
            fields: [{ label: '内容', value: inbound.text }],
            buttons: [{ text: '确认开具', value: { op: 'confirm', job: 'job-42' }, style: 'primary' }],
          },
          `${inbound.dedupeId}:preview`,
        );
        return;
      }
      if (inbound.kind === 'action' && inbound.value.op === 'confirm') {
        await sender.updateCard(inbound.chat, inbound.cardMessageId!, { title: '已开具', state: 'success' });
        return { toast: { type: 'success', text: '已确认' } };
      }
    };

    const mention = messageEvent({
      chatId: 'oc_room',
      userId: 'ou_alice',
      text: '开票 金额=100',
      mentionBot: true,
      botOpenId,
      verificationToken: VERIFICATION_TOKEN,
    });
    expect((await deliver(receiver.webhook, signedEvent(mention, { encryptKey: ENCRYPT_KEY }))).status).toBe(200);
    const preview = await fake.waitFor((f) => f.messagesIn('oc_room').find((m) => m.msgType === 'interactive'));
    expect(cardText(preview.content)).toContain('开票 金额=100');

    const click = clickEvent(preview, '确认开具', { userId: 'ou_alice', verificationToken: VERIFICATION_TOKEN });
    const answer = await deliver(receiver.webhook, signedEvent(click, { encryptKey: ENCRYPT_KEY }));
    expect(answer.json).toEqual({ toast: { type: 'success', content: '已确认' } });
    expect(cardText(fake.message(preview.messageId)!.content)).toContain('已开具');
    expect(receiver.inbounds.at(-1)).toMatchObject({ kind: 'action', value: { op: 'confirm', job: 'job-42' } });
  });
});
