import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createFeishuClient, fetchBotInfo, fetchBotOpenId } from '../../../src/bot/feishu/client.js';
import { createFeishuSender } from '../../../src/bot/feishu/sender.js';
import { ChatSendError } from '../../../src/bot/chat-send-error.js';
import { FeishuApiError } from '../../../src/bot/feishu/feishu-call.js';
import { messageUuid } from '../../../src/bot/feishu/message-uuid.js';
import type { Card, CardUpdatingSender, ChatRef } from '../../../src/bot/platform.js';
import { startFakeFeishu, type FakeFeishu } from '../../fakes/feishu/platform.js';
import { cardTemplate, cardText, findButtonValue } from '../../fakes/feishu/card-reading.js';

const logger = pino({ level: 'silent' });
const chat: ChatRef = { platform: 'feishu', chatId: 'oc_group_1', chatType: 'group' };
const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

let fake: FakeFeishu;
let sleeps: number[];
let sender: CardUpdatingSender;

function makeSender(appSecret = fake.appSecret, maxRetries?: number): CardUpdatingSender {
  const client = createFeishuClient({ appId: fake.appId, appSecret, domain: fake.url, logger });
  return createFeishuSender({
    client,
    logger,
    maxRetries,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

beforeEach(async () => {
  fake = await startFakeFeishu();
  sleeps = [];
  sender = makeSender();
});

afterEach(async () => {
  await fake.close();
});

describe('Feishu sender against the fake open platform', () => {
  it('sends a text message into the chat with a uuid derived from the idempotency key', async () => {
    const sent = await sender.sendText(chat, '发票已开具', 'job-1:done');
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]).toMatchObject({
      messageId: sent.messageId,
      chatId: 'oc_group_1',
      msgType: 'text',
      content: { text: '发票已开具' },
      uuid: messageUuid('job-1:done'),
      appId: fake.appId,
    });
  });

  it('uploads an image, then sends it as an image message', async () => {
    const sent = await sender.sendImage(chat, png, 'job-1:qr');
    const [message] = fake.messages;
    expect(message).toMatchObject({ messageId: sent.messageId, msgType: 'image' });
    const imageKey = (message!.content as { image_key: string }).image_key;
    expect(fake.images.get(imageKey)).toEqual(png);
    const apiCalls = fake.calls.filter((call) => call.path !== '/open-apis/auth/v3/tenant_access_token/internal');
    expect(apiCalls.map((call) => call.path)).toEqual(['/open-apis/im/v1/images', '/open-apis/im/v1/messages']);
  });

  it('sends a card rendered as card JSON 2.0, its image uploaded first', async () => {
    const card: Card = {
      title: '开票预览',
      state: 'pending',
      fields: [{ label: '购方', value: '杭州测试科技有限公司' }],
      image: { png, alt: '二维码' },
      buttons: [{ text: '确认开具', value: { op: 'confirm', job: 'job-7' }, style: 'primary' }],
    };
    const sent = await sender.sendCard(chat, card, 'job-7:preview');
    const message = fake.message(sent.messageId)!;
    expect(message.msgType).toBe('interactive');
    expect(message.content.schema).toBe('2.0');
    expect(cardTemplate(message.content)).toBe('orange');
    expect(cardText(message.content)).toContain('**购方**：杭州测试科技有限公司');
    expect(findButtonValue(message.content, '确认开具')).toEqual({ op: 'confirm', job: 'job-7' });
    const image = message.content.body.elements.find((element: { tag: string }) => element.tag === 'img');
    expect(fake.images.get(image.img_key)).toEqual(png);
  });

  it('updates a sent card with PATCH', async () => {
    const sent = await sender.sendCard(chat, { title: '开票预览', state: 'pending' }, 'job-8:preview');
    await sender.updateCard(chat, sent.messageId, { title: '已开具', state: 'success', body: ['发票号码 123'] });
    expect(fake.patches).toHaveLength(1);
    expect(fake.patches[0]!.messageId).toBe(sent.messageId);
    const message = fake.message(sent.messageId)!;
    expect(cardText(message.content)).toContain('已开具');
    expect(cardTemplate(message.content)).toBe('green');
    expect(cardText(message.originalContent)).toContain('开票预览');
  });

  it('posts once when a send is repeated with the same idempotency key', async () => {
    const first = await sender.sendText(chat, '你好', 'job-9:hello');
    const second = await makeSender().sendText(chat, '你好', 'job-9:hello');
    expect(second.messageId).toBe(first.messageId);
    expect(fake.messages).toHaveLength(1);
  });

  it('derives uuids of at most 50 characters, distinct per key, from keys of any length', async () => {
    const longKey = `job-${'x'.repeat(80)}:发票`;
    await sender.sendText(chat, 'a', longKey);
    await sender.sendText(chat, 'b', `${longKey}2`);
    await sender.sendText(chat, 'a again', longKey);
    expect(fake.messages).toHaveLength(2);
    for (const message of fake.messages) expect(message.uuid!.length).toBeLessThanOrEqual(50);
    expect(fake.messages[0]!.uuid).not.toBe(fake.messages[1]!.uuid);
  });

  it('waits out a rate limit as the platform asks and retries with the same uuid', async () => {
    fake.rateLimitNext(2, { resetSeconds: 2 });
    const sent = await sender.sendText(chat, '限流后发送', 'job-10:text');
    expect(sleeps).toEqual([2000, 2000]);
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]!.messageId).toBe(sent.messageId);
    expect(fake.calls.filter((call) => call.status === 429)).toHaveLength(2);
  });

  it('gives up after maxRetries rate limits with an error naming the code', async () => {
    sender = makeSender(fake.appSecret, 2);
    fake.rateLimitNext(3);
    await expect(sender.sendText(chat, 'x', 'job-11')).rejects.toThrow(/HTTP 429, code 99991400/);
    expect(sleeps).toHaveLength(2);
    expect(fake.messages).toHaveLength(0);
  });

  it('fetches a new tenant token once the platform rejects the cached one', async () => {
    await sender.sendText(chat, 'first', 'job-12:a');
    expect(fake.tokensIssued()).toBe(1);
    fake.expireTokens();
    await sender.sendText(chat, 'second', 'job-12:b');
    expect(fake.tokensIssued()).toBe(2);
    expect(fake.messages.map((message) => message.content.text)).toEqual(['first', 'second']);
    expect(fake.calls.some((call) => call.code === 99991663)).toBe(true);
  });

  it('does not loop when even a fresh token is rejected', async () => {
    fake.failNext(2, { status: 400, code: 99991663, msg: 'Invalid access token for authorization.' });
    await expect(sender.sendText(chat, 'x', 'job-13')).rejects.toThrow(/code 99991663/);
  });

  it('throws a clear, coded error, without credentials, on any other failure', async () => {
    fake.failNext(1, { status: 400, code: 230002, msg: 'Bot/User can NOT be out of the chat.' });
    const error = await sender.sendText(chat, 'x', 'job-14').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FeishuApiError);
    expect(error).toBeInstanceOf(ChatSendError);
    expect((error as FeishuApiError).platformCode).toBe(230002);
    // The bot is out of the chat: sending again will not help.
    expect((error as FeishuApiError).code).toBe('target_gone');
    expect(String(error)).toMatch(/im\.message\.create\(text\) failed: HTTP 400, code 230002, Bot\/User can NOT be out/);
    expect(String(error)).not.toContain(fake.appSecret);
    expect(String(error)).not.toContain('t-fake-');
  });

  it('codes failures by what the caller can do: gone, rejected, rate limited, unavailable', async () => {
    const codeOf = async (failure: { status: number; code: number; msg: string }, key: string, times = 1) => {
      fake.failNext(times, failure);
      const error = await sender.sendText(chat, 'x', key).catch((caught: unknown) => caught);
      return (error as ChatSendError).code;
    };
    expect(await codeOf({ status: 400, code: 230045, msg: 'The chat not exist.' }, 'code-1')).toBe('target_gone');
    expect(await codeOf({ status: 400, code: 230027, msg: 'Lack of necessary permissions.' }, 'code-2')).toBe('rejected');
    expect(await codeOf({ status: 503, code: 1500, msg: 'internal error' }, 'code-3')).toBe('unavailable');
    // Still limited after the sender's own retries (3 by default).
    expect(await codeOf({ status: 429, code: 99991400, msg: 'request trigger frequency limit' }, 'code-4', 4)).toBe('rate_limited');
  });

  it('treats an HTTP 200 answer with a non-zero code as a failure', async () => {
    fake.failNext(1, { status: 200, code: 230002, msg: 'Bot/User can NOT be out of the chat.' });
    await expect(sender.sendText(chat, 'x', 'job-15')).rejects.toThrow(/code 230002/);
  });

  it('reports a wrong app secret without repeating it', async () => {
    const wrong = makeSender('not-the-secret');
    const error = await wrong.sendText(chat, 'x', 'job-16').catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/code: 10014/);
    expect(String(error)).not.toContain('not-the-secret');
  });

  it('fails an update of an unknown message', async () => {
    await expect(sender.updateCard(chat, 'om_missing', { title: 't', state: 'info' })).rejects.toThrow(/code 230011/);
  });

  it("fetches the bot's open_id", async () => {
    const client = createFeishuClient({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url });
    expect(await fetchBotOpenId(client)).toBe(fake.botOpenId);
    expect(await fetchBotInfo(client)).toEqual({ openId: fake.botOpenId, name: fake.botName });
  });
});
