import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type * as lark from '@larksuiteoapi/node-sdk';
import { createFeishuClient } from '../../../src/bot/feishu/client.js';
import { createFeishuSender } from '../../../src/bot/feishu/sender.js';
import { renderFeishuCard } from '../../../src/bot/feishu/card-renderer.js';
import { buildIssueForm } from '../../../src/commands/issue-form.js';
import type { ChatRef } from '../../../src/bot/platform.js';
import { messageEvent, rePush, signedEvent } from '../../fakes/feishu/events.js';
import { pressButton } from '../../fakes/feishu/form-submission.js';
import { startFakeFeishu, type FakeFeishu } from '../../fakes/feishu/platform.js';

/** What the fake platform enforces, seen through the real SDK client (no pacing of ours in between). */
const logger = pino({ level: 'silent' });
const chat: ChatRef = { platform: 'feishu', chatId: 'oc_rules', chatType: 'group' };
const HOUR_MS = 60 * 60 * 1000;

let clock: number;
let fake: FakeFeishu;
let client: lark.Client;

beforeEach(async () => {
  clock = 1_700_000_000_000;
  fake = await startFakeFeishu({ now: () => clock });
  client = createFeishuClient({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url, logger });
});

afterEach(() => fake.close());

/** The platform's `code` for a call, whether the SDK returned the answer or threw on its HTTP status. */
async function codeOf(call: () => Promise<{ code?: number } | null | undefined>): Promise<number | undefined> {
  try {
    return (await call())?.code;
  } catch (error) {
    return (error as { response?: { data?: { code?: number } } }).response?.data?.code;
  }
}

const send = (content: unknown, msgType = 'interactive', uuid?: string) =>
  client.im.message.create({
    params: { receive_id_type: 'chat_id' },
    data: { receive_id: chat.chatId, msg_type: msgType, content: JSON.stringify(content), uuid },
  });
const patch = (messageId: string, content: unknown) =>
  client.im.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(content) } });
const card = (title: string) => renderFeishuCard({ title, state: 'info' });

describe('the fake Feishu platform enforces what Feishu enforces', () => {
  it('posts a repeated uuid once within the hour and anew after it', async () => {
    const first = await send({ text: '一' }, 'text', 'uuid-1');
    clock += HOUR_MS - 1;
    expect((await send({ text: '一' }, 'text', 'uuid-1'))?.data?.message_id).toBe(first?.data?.message_id);
    clock += 1;
    expect((await send({ text: '一' }, 'text', 'uuid-1'))?.data?.message_id).not.toBe(first?.data?.message_id);
    expect(fake.messages).toHaveLength(2);
  });

  it('forgets what it recorded when the bench asks, and a repeated uuid then posts anew', async () => {
    const first = await send({ text: '一' }, 'text', 'uuid-1');
    fake.forget();
    expect([fake.messages, fake.calls, fake.patches, fake.cardUpdates]).toEqual([[], [], [], []]);
    expect(fake.message(first!.data!.message_id!)).toBeUndefined();
    const again = await send({ text: '一' }, 'text', 'uuid-1');
    expect(again?.data?.message_id).not.toBe(first?.data?.message_id);
    expect(fake.messages).toHaveLength(1);
  });

  it('answers the sixth message into a chat within a second with HTTP 400, 230020', async () => {
    for (let n = 0; n < 5; n += 1) expect(await codeOf(() => send({ text: String(n) }, 'text'))).toBe(0);
    expect(await codeOf(() => send({ text: '6' }, 'text'))).toBe(230020);
    expect(fake.calls.at(-1)).toMatchObject({ status: 400, code: 230020 });
    clock += 1_000;
    expect(await codeOf(() => send({ text: '7' }, 'text'))).toBe(0);
  });

  it('answers the sixth PATCH of one card within a second with 230020 and keeps the fifth', async () => {
    const messageId = (await send(card('0')))!.data!.message_id!;
    clock += 1_000;
    for (let n = 1; n <= 5; n += 1) expect(await codeOf(() => patch(messageId, card(String(n))))).toBe(0);
    expect(await codeOf(() => patch(messageId, card('6')))).toBe(230020);
    expect(fake.message(messageId)!.content.header.title.content).toBe('5');
  });

  it('refuses a PATCH unless the sent card and the new one both declare update_multi', async () => {
    const { config: _config, ...unshared } = card('不共享');
    const messageId = (await send(unshared))!.data!.message_id!;
    expect(await codeOf(() => patch(messageId, card('新')))).toBe(230001);
    const shared = (await send(card('共享')))!.data!.message_id!;
    expect(await codeOf(() => patch(shared, unshared))).toBe(230001);
    expect(await codeOf(() => patch(shared, card('新')))).toBe(0);
  });

  it('refuses to post or patch a card it cannot build', async () => {
    expect(await codeOf(() => send({ ...card('坏'), body: { elements: [{ tag: 'note', elements: [] }] } }))).toBe(230099);
    const messageId = (await send(card('好')))!.data!.message_id!;
    expect(await codeOf(() => patch(messageId, { ...card('坏'), extra: 1 }))).toBe(230099);
  });

  it('records messages that mention everyone', async () => {
    const sender = createFeishuSender({ client, logger, now: () => clock, sleep: async () => {} });
    await sender.sendText(chat, '普通消息', 'k-1');
    // The sender neutralises markup in what it is given, so even this text pings nobody…
    await sender.sendText(chat, '<at user_id="all"></at> 请注意', 'k-2');
    expect(fake.everyoneMentions()).toEqual([]);
    // …while the same text posted raw through the API is recorded as a mention of everyone.
    const raw = '<at user_id="all"></at> 请注意';
    await client.im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: chat.chatId, msg_type: 'text', content: JSON.stringify({ text: raw }) },
    });
    expect(fake.everyoneMentions().map((message) => message.content.text)).toEqual([raw]);
  });
});

describe('the fake Feishu client', () => {
  const form = renderFeishuCard({
    title: '表单',
    state: 'info',
    form: {
      name: 'f',
      inputs: [
        { name: 'buyer', label: '购方', required: true },
        { name: 'remark', label: '备注', value: '默认' },
      ],
      submit: { text: '提交', value: { op: 'submit' } },
      extraButtons: [{ text: '加一行', value: { op: 'add' } }],
    },
    buttons: [{ text: '取消', value: { op: 'cancel' } }],
  });

  it('sends nothing when a required input is empty, whichever button of the form is pressed', () => {
    expect(pressButton(form, '提交')).toEqual({ sent: false, missingRequired: ['buyer'] });
    expect(pressButton(form, '加一行', { remark: 'x' })).toEqual({ sent: false, missingRequired: ['buyer'] });
  });

  it('submits the whole form with any of its buttons: typed values, else defaults, else ""', () => {
    expect(pressButton(form, '加一行', { buyer: '杭州' })).toEqual({
      sent: true,
      value: { op: 'add' },
      formValue: { buyer: '杭州', remark: '默认' },
    });
  });

  it('sends a button outside the form without form values, and refuses typing into boxes that are not there', () => {
    expect(pressButton(form, '取消')).toEqual({ sent: true, value: { op: 'cancel' } });
    expect(() => pressButton(form, '提交', { email: 'a@b.c' })).toThrow(/no input email/);
  });

  it('lets 再加一行 through on a fresh 开票 form', () => {
    const press = pressButton(renderFeishuCard(buildIssueForm()), '再加一行');
    expect(press.sent).toBe(true);
  });
});

describe('re-pushed events', () => {
  it('carry the first push’s body and timestamp, signed again', () => {
    const first = signedEvent(messageEvent({ chatId: 'oc', userId: 'ou', text: '帮助' }), { encryptKey: 'k', timestamp: 1_700_000_000 });
    const again = rePush(first, { encryptKey: 'k' });
    expect(again.body).toBe(first.body);
    expect(again.headers['x-lark-request-timestamp']).toBe('1700000000');
    expect(again.headers['x-lark-request-nonce']).not.toBe(first.headers['x-lark-request-nonce']);
    const { 'x-lark-request-timestamp': ts, 'x-lark-request-nonce': nonce } = again.headers;
    expect(again.headers['x-lark-signature']).toBe(createHash('sha256').update(`${ts}${nonce}k${again.body}`).digest('hex'));
  });
});
