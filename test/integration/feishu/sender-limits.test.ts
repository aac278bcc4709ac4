import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createFeishuClient } from '../../../src/bot/feishu/client.js';
import { createFeishuSender } from '../../../src/bot/feishu/sender.js';
import type { Card, CardUpdatingSender, ChatRef } from '../../../src/bot/platform.js';
import { cardTitle } from '../../fakes/feishu/card-reading.js';
import { startFakeFeishu, type FakeFeishu } from '../../fakes/feishu/platform.js';

/**
 * The sender under Feishu's frequency limits, enforced by the fake: 5 sends a second per chat, 5 PATCHes a second
 * per message, the excess answered HTTP 400 code 230020. The fake and the sender share one fake clock that moves
 * only when the sender sleeps, so nothing here depends on how busy the machine is.
 */
const logger = pino({ level: 'silent' });
const chat: ChatRef = { platform: 'feishu', chatId: 'oc_busy_group', chatType: 'group' };

let clock: number;
let sleeps: number[];
let fake: FakeFeishu;
let sender: CardUpdatingSender;

beforeEach(async () => {
  clock = 1_700_000_000_000;
  sleeps = [];
  fake = await startFakeFeishu({ now: () => clock });
  const client = createFeishuClient({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url, logger });
  sender = createFeishuSender({
    client,
    logger,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  });
});

afterEach(() => fake.close());

const card = (n: number): Card => ({ title: `进度 ${n}`, state: 'pending' });
const frequencyLimited = () => fake.calls.filter((call) => call.code === 230020);

/** The most calls that started within any `windowMs` of each other. */
function busiestWindow(times: number[], windowMs = 1_000): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(0, ...sorted.map((start, i) => sorted.slice(i).filter((at) => at < start + windowMs).length));
}

describe('Feishu sender under the platform frequency limits', () => {
  it('waits and retries when the platform answers 230020 (frequency limit), posting once', async () => {
    fake.failNext(1, { status: 400, code: 230020, msg: 'This operation triggers the frequency limit.' });
    const sent = await sender.sendText(chat, '稍后再发', 'job-20:text');
    expect(fake.messages.map((message) => message.messageId)).toEqual([sent.messageId]);
    expect(sleeps).toEqual([500]);
  });

  it('sends the newest state of a card updated 8 times at once, never more than 5 PATCHes a second', async () => {
    const sent = await sender.sendCard(chat, card(0), 'job-21:card');
    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => sender.updateCard(chat, sent.messageId, card(n))));
    expect(frequencyLimited()).toEqual([]);
    expect(busiestWindow(fake.patches.map((patch) => patch.at))).toBeLessThanOrEqual(5);
    expect(fake.patches.at(-1)!.content).toEqual(fake.message(sent.messageId)!.content);
    expect(cardTitle(fake.message(sent.messageId)!.content)).toBe('进度 8');
  });

  it('paces updates of one card made one after another to 5 a second', async () => {
    const sent = await sender.sendCard(chat, card(0), 'job-22:card');
    for (let n = 1; n <= 7; n += 1) await sender.updateCard(chat, sent.messageId, card(n));
    expect(fake.patches).toHaveLength(7);
    expect(frequencyLimited()).toEqual([]);
    expect(busiestWindow(fake.patches.map((patch) => patch.at))).toBeLessThanOrEqual(5);
    expect(cardTitle(fake.message(sent.messageId)!.content)).toBe('进度 7');
  });

  it('paces messages into one chat to 5 a second and posts them all in order', async () => {
    const texts = ['一', '二', '三', '四', '五', '六', '七'];
    await Promise.all(texts.map((text, i) => sender.sendText(chat, text, `job-23:${i}`)));
    expect(frequencyLimited()).toEqual([]);
    expect(fake.messagesIn(chat.chatId).map((message) => message.content.text)).toEqual(texts);
    expect(busiestWindow(fake.messages.map((message) => message.createdAt))).toBeLessThanOrEqual(5);
  });

  it('does not slow one chat down for another', async () => {
    const other: ChatRef = { ...chat, chatId: 'oc_quiet_group' };
    await Promise.all([1, 2, 3, 4, 5].map((n) => sender.sendText(chat, `忙 ${n}`, `job-24:${n}`)));
    await sender.sendText(other, '你好', 'job-24:other');
    expect(sleeps).toEqual([]);
  });
});
