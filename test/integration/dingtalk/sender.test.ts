import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { ChatSendError } from '../../../src/bot/chat-send-error.js';
import { DingTalkClient } from '../../../src/bot/dingtalk/openapi.js';
import { createDingTalkSender } from '../../../src/bot/dingtalk/sender.js';
import type { ChatRef, ChatSender } from '../../../src/bot/platform.js';
import { createActionTokens } from '../../../src/store/action-tokens.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { createSentLedger } from '../../../src/store/sent-messages.js';
import { GROUP, startFakeDingTalk, type FakeDingTalk } from '../../fakes/dingtalk/platform.js';
import { capturedLog } from '../../helpers/captured-log.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const group: ChatRef = { platform: 'dingtalk', chatId: GROUP, chatType: 'group' };
const person: ChatRef = { platform: 'dingtalk', chatId: 'staff-0042', chatType: 'p2p' };
const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

let fake: FakeDingTalk;
let temp: Awaited<ReturnType<typeof makeTempDir>>;
let store: Store;
let clients: DingTalkClient[];
let sleeps: number[];
let log: ReturnType<typeof capturedLog>;

/** A sender as the adapter builds it; a second one on the same store is the bot after a restart. */
function makeSender(clientSecret = fake.clientSecret): ChatSender {
  const logger = createLogger('debug', log.stream);
  const client = new DingTalkClient({
    clientId: fake.clientId,
    clientSecret,
    apiBase: fake.url,
    oapiBase: fake.url,
    logger,
    sleep: async (ms) => void sleeps.push(ms),
  });
  clients.push(client);
  return createDingTalkSender({
    client,
    robotCode: fake.robotCode,
    botName: fake.botName,
    tokens: createActionTokens(store),
    ledger: createSentLedger(store, 'dingtalk_sent'),
    logger,
  });
}

beforeEach(async () => {
  fake = await startFakeDingTalk();
  temp = await makeTempDir('fapiao-dt-sender-');
  store = await openStore(temp.dir);
  clients = [];
  sleeps = [];
  log = capturedLog();
});

afterEach(async () => {
  for (const client of clients) await client.close();
  await store.close();
  await fake.close();
  await temp.remove();
});

describe('DingTalk sender against the fake open platform', () => {
  it('sends into a group with groupMessages/send and to a person with oToMessages/batchSend', async () => {
    const sender = makeSender();
    const inGroup = await sender.sendText(group, '发票已开具', 'k1');
    const toPerson = await sender.sendText(person, '你好', 'k2');
    expect(fake.messages.map((m) => [m.chatType, m.chatId, m.text, m.processQueryKey])).toEqual([
      ['group', GROUP, '发票已开具', inGroup.messageId],
      ['p2p', 'staff-0042', '你好', toPerson.messageId],
    ]);
  });

  it('uploads an image and sends its media id; a card with an image posts the image right before it', async () => {
    const sender = makeSender();
    await sender.sendCard(group, { title: '扫码', state: 'pending', image: { png, alt: '二维码' } }, 'qr');
    expect(fake.messages.map((m) => m.msgKey)).toEqual(['sampleImageMsg', 'sampleMarkdown']);
    expect(fake.messages[0]!.image).toEqual(png);
    expect(fake.messages[1]!.card!.text).toContain('二维码：见上一条图片消息');
  });

  it('fetches one access token for many sends, at the same time or not', async () => {
    const sender = makeSender();
    await Promise.all([sender.sendText(group, 'a', 'a'), sender.sendText(group, 'b', 'b'), sender.sendText(person, 'c', 'c')]);
    await sender.sendText(group, 'd', 'd');
    expect(fake.tokensIssued()).toHaveLength(1);
  });

  it('fetches a new token when the platform refuses the old one, and sends once', async () => {
    const sender = makeSender();
    await sender.sendText(group, 'a', 'a');
    fake.expireTokens();
    await sender.sendText(group, 'b', 'b');
    await sender.sendImage(group, png, 'img');
    expect(fake.tokensIssued()).toHaveLength(2);
    expect(fake.messages.map((m) => m.text ?? m.msgKey)).toEqual(['a', 'b', 'sampleImageMsg']);
  });

  it('waits and retries when rate limited, then gives up as rate_limited', async () => {
    const sender = makeSender();
    fake.rateLimitNext(2);
    await sender.sendText(group, 'a', 'a');
    expect(sleeps).toEqual([1000, 2000]);
    expect(fake.messages).toHaveLength(1);
    fake.rateLimitNext(4);
    const error = await sender.sendText(group, 'b', 'b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatSendError);
    expect((error as ChatSendError).code).toBe('rate_limited');
  });

  it('codes a group the bot was removed from as target_gone, and a refused message as rejected', async () => {
    const sender = makeSender();
    fake.removeBotFrom(GROUP);
    await expect(sender.sendText(group, 'a', 'a')).rejects.toMatchObject({ code: 'target_gone' });
    fake.failNext(1, { status: 400, code: 'invalidParameter.msgParam.invalid', message: 'bad' });
    await expect(sender.sendText(person, 'b', 'b')).rejects.toMatchObject({ code: 'rejected' });
    fake.failNext(1, { status: 502, code: 'ServiceUnavailable', message: 'down' });
    await expect(sender.sendText(person, 'c', 'c')).rejects.toMatchObject({ code: 'unavailable' });
    await expect(makeSender('wrong-secret').sendText(person, 'd', 'd')).rejects.toMatchObject({ code: 'rejected' });
  });

  it('posts once per idempotency key: retried, sent twice at once, or sent again after a restart', async () => {
    const sender = makeSender();
    const [first, second] = await Promise.all([sender.sendText(group, '一次', 'job:1:delivered'), sender.sendText(group, '一次', 'job:1:delivered')]);
    const card = { title: '预览', state: 'info' as const, buttons: [{ text: '确认开具', value: { op: 'x' } }] };
    const cardSent = await sender.sendCard(group, card, 'job:1:preview');
    fake.failNext(1, { status: 503, code: 'ServiceUnavailable', message: 'down' });
    await expect(sender.sendText(group, '重试', 'job:1:retry')).rejects.toBeInstanceOf(ChatSendError);
    await sender.sendText(group, '重试', 'job:1:retry');

    const restarted = makeSender();
    expect(await restarted.sendText(group, '一次', 'job:1:delivered')).toEqual(first);
    expect(await restarted.sendCard(group, card, 'job:1:preview')).toEqual(cardSent);
    expect(second).toEqual(first);
    expect(fake.messages.map((m) => m.text ?? m.card?.heading)).toEqual(['一次', '预览', '重试']);
  });

  it('posts a card that reads exactly like the last card in the chat only once', async () => {
    const sender = makeSender();
    const card = { title: '开具中…', state: 'pending' as const, body: ['处理中'] };
    const first = await sender.sendCard(group, card, 'answer');
    expect(await sender.sendCard(group, card, 'job-sync')).toEqual(first);
    await sender.sendCard(group, { ...card, title: '已开具', state: 'success' }, 'done');
    expect(fake.messages).toHaveLength(2);
  });

  it('never writes the app secret or an access token to the log', async () => {
    const sender = makeSender();
    fake.expireTokens();
    await sender.sendText(group, 'a', 'a');
    fake.expireTokens();
    await sender.sendImage(group, png, 'img');
    fake.rateLimitNext(1);
    await sender.sendText(group, 'b', 'b');
    expect(log.text()).not.toContain(fake.clientSecret);
    for (const token of fake.tokensIssued()) expect(log.text()).not.toContain(token);
    expect(log.text()).toContain('dingtalk message sent');
  });
});
