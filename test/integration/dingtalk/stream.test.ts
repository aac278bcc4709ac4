import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { createDeliveryPipeline, type DeliveryPipeline } from '../../../src/bot/delivery.js';
import { connectDingTalkStream, type DingTalkStream } from '../../../src/bot/dingtalk/stream.js';
import type { Inbound } from '../../../src/bot/platform.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { createInbox } from '../../../src/store/inbox.js';
import { cardClick, robotMessage } from '../../fakes/dingtalk/callback.js';
import { botSender } from '../../fakes/dingtalk/bot-sender.js';
import { GROUP, startFakeDingTalk, type FakeDingTalk } from '../../fakes/dingtalk/platform.js';
import { TOPIC_CARD, TOPIC_ROBOT } from '../../fakes/dingtalk/stream-gateway.js';
import { capturedLog } from '../../helpers/captured-log.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { createLogger } from '../../../src/logger.js';

const logger = pino({ level: 'silent' });

let fake: FakeDingTalk;
let temp: Awaited<ReturnType<typeof makeTempDir>>;
let store: Store;
let pipeline: DeliveryPipeline;
let handled: Inbound[];
let stream: DingTalkStream;

beforeEach(async () => {
  fake = await startFakeDingTalk();
  temp = await makeTempDir('fapiao-dt-stream-');
  store = await openStore(temp.dir);
  handled = [];
  pipeline = createDeliveryPipeline({ inbox: createInbox(store), handle: async (inbound) => void handled.push(inbound), logger });
  stream = connectDingTalkStream({ clientId: fake.clientId, clientSecret: fake.clientSecret, apiBase: fake.url, pipeline, logger });
  await fake.waitFor(() => stream.isConnected());
});

afterEach(async () => {
  stream.stop();
  await store.close();
  await fake.close();
  await temp.remove();
});

const message = (text: string, msgId?: string) =>
  robotMessage({ conversationId: GROUP, chatType: 'group', userId: 'staff-1', text, robotCode: fake.robotCode, msgId });

describe('DingTalk stream mode', () => {
  it('connects through the gateway on DINGTALK_API_BASE with the app credentials', () => {
    expect(fake.calls.filter((call) => call.path === '/v1.0/gateway/connections/open').map((call) => call.status)).toEqual([200]);
  });

  it('acknowledges every callback and hands each message to the bot once, a re-push included', async () => {
    expect(await fake.stream.push(TOPIC_ROBOT, message(' @张三 开票 购方=甲', 'm-1'))).toBe(true);
    const first = fake.stream.pushed[0]!;
    expect(await fake.stream.rePush(first)).toBe(true);
    expect(await fake.stream.push(TOPIC_ROBOT, message(' 开票 购方=甲', 'm-1'))).toBe(true);
    expect(await fake.stream.push(TOPIC_ROBOT, { ...message('', 'm-2'), msgtype: 'picture' })).toBe(true);
    expect(await fake.stream.push(TOPIC_ROBOT, 'not json at all')).toBe(true);
    await fake.waitFor(() => handled.length === 1);
    expect(handled[0]).toMatchObject({
      kind: 'message',
      chat: { platform: 'dingtalk', chatId: GROUP, chatType: 'group' },
      user: { id: 'staff-1' },
      dedupeId: 'dingtalk:m-1',
      text: '开票 购方=甲',
      mentioned: true,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(handled).toHaveLength(1);
  });

  it('leaves a message it could not take unacknowledged, so DingTalk pushes it again', async () => {
    await pipeline.drain(100);
    expect(await fake.stream.push(TOPIC_ROBOT, message(' 帮助', 'm-3'), 500)).toBe(false);
    expect(handled).toHaveLength(0);
  });

  it('reconnects by itself when the connection drops', async () => {
    fake.stream.dropConnection();
    await fake.waitFor(() => fake.stream.ticketsIssued === 2 && stream.isConnected(), 10_000);
    expect(await fake.stream.push(TOPIC_ROBOT, message(' 帮助', 'm-4'))).toBe(true);
    await fake.waitFor(() => handled.length === 1);
  });

  it('does not connect again once stopped', async () => {
    stream.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(fake.stream.isConnected()).toBe(false);
    expect(fake.stream.ticketsIssued).toBe(1);
  });

  it('prints nothing itself: connecting, a dropped socket and stopping are lines of the bot\'s own log', async () => {
    const printed = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => vi.spyOn(console, method));
    const log = capturedLog();
    stream.stop();
    const quiet = connectDingTalkStream({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      apiBase: fake.url,
      pipeline,
      logger: createLogger('info', log.stream),
    });
    try {
      await fake.waitFor(() => quiet.isConnected() && fake.stream.isConnected());
      fake.stream.dropConnection();
      await fake.waitFor(() => fake.stream.ticketsIssued === 3 && quiet.isConnected(), 10_000);
      quiet.stop();
      await fake.waitFor(() => log.text().includes('dingtalk stream disconnected'));
    } finally {
      quiet.stop();
      for (const spy of printed) spy.mockRestore();
    }
    expect(printed.flatMap((spy) => spy.mock.calls)).toEqual([]);
    const messages = log.lines().map((line) => JSON.parse(line).msg as string);
    expect(messages.filter((msg) => msg === 'dingtalk stream connected')).toHaveLength(2);
    expect(messages).toContain('dingtalk stream closed; reconnecting');
    expect(log.text()).not.toContain(fake.stream.issuedTickets[2]!);
  });
});

describe('DingTalk stream mode with interactive cards', () => {
  it('acknowledges a click whose handler is still running, and answers it in the chat once it finishes', async () => {
    stream.stop();
    const { sender, chats, client } = botSender(fake, store, { logger, templateId: 'tpl' });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow = createDeliveryPipeline({
      inbox: createInbox(store),
      logger,
      handle: async (inbound) => {
        handled.push(inbound);
        await released;
        return { toast: { type: 'success', text: '已确认，正在开具' }, card: { title: '开具中…', state: 'pending' } };
      },
    });
    const carded = connectDingTalkStream({ clientId: fake.clientId, clientSecret: fake.clientSecret, apiBase: fake.url, pipeline: slow, logger, cards: { chats, sender } });
    try {
      await fake.waitFor(() => carded.isConnected() && fake.stream.isConnected());
      const group = { platform: 'dingtalk' as const, chatId: GROUP, chatType: 'group' as const };
      const { messageId } = await sender.sendCard(group, { title: '开票预览', state: 'info', buttons: [{ text: '确认开具', value: { op: 'confirm', job: 'j1' } }] }, 'job:j1:preview');

      const click = cardClick({ outTrackId: messageId, userId: 'staff-1', params: { action: '{"op":"confirm","job":"j1"}' } });
      expect(await fake.stream.push(TOPIC_CARD, click)).toBe(true);
      expect(handled).toEqual([
        {
          kind: 'action',
          chat: group,
          user: { id: 'staff-1' },
          dedupeId: `dingtalk:card:${fake.stream.pushed[0]!.messageId}`,
          value: { op: 'confirm', job: 'j1' },
          cardMessageId: messageId,
        },
      ]);
      expect(fake.messagesIn(GROUP).filter((message) => message.text)).toEqual([]);

      release();
      await fake.waitFor(() => fake.messagesIn(GROUP).some((message) => message.text === '已确认，正在开具'));
      await fake.waitFor(() => fake.messagesIn(GROUP)[0]!.card!.title === '开具中…');
    } finally {
      release();
      carded.stop();
      await client.close();
    }
  });
});
