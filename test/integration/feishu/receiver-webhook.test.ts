import { afterEach, describe, expect, it } from 'vitest';
import {
  deliver,
  encryptedUnsigned,
  messageEvent,
  signedEvent,
  urlVerification,
} from '../../fakes/feishu/events.js';
import { APP_ID, BOT_OPEN_ID, ENCRYPT_KEY, startReceiver, VERIFICATION_TOKEN, type ReceiverHarness } from './receiver-harness.js';
import type { InboundMessage } from '../../../src/bot/platform.js';

const sign = (payload: unknown, options: { timestamp?: number; encryptKey?: string } = {}) =>
  signedEvent(payload, { encryptKey: options.encryptKey ?? ENCRYPT_KEY, timestamp: options.timestamp });

const groupMessage = (text: string, extra: Partial<Parameters<typeof messageEvent>[0]> = {}) =>
  messageEvent({
    chatId: 'oc_group',
    userId: 'ou_alice',
    text,
    mentionBot: true,
    botOpenId: BOT_OPEN_ID,
    verificationToken: VERIFICATION_TOKEN,
    ...extra,
  });

let receiver: ReceiverHarness;

afterEach(async () => {
  await receiver.close();
});

/** A marker delivered after a refused or ignored request: once it is handled, anything earlier would have been too. */
async function expectOnlyMarkerHandledAfter(): Promise<void> {
  const response = await deliver(receiver.webhook, sign(groupMessage('marker')));
  expect(response.status).toBe(200);
  const [only] = await receiver.waitForInbounds(1);
  expect(receiver.inbounds).toHaveLength(1);
  expect((only as InboundMessage).text).toBe('marker');
}

describe('Feishu webhook: verification', () => {
  it('answers the encrypted url_verification challenge, which comes unsigned', async () => {
    receiver = await startReceiver();
    const response = await deliver(receiver.webhook, encryptedUnsigned(urlVerification('ch-123', VERIFICATION_TOKEN), ENCRYPT_KEY));
    expect(response).toEqual({ status: 200, json: { challenge: 'ch-123' } });
    expect(receiver.inbounds).toHaveLength(0);
  });

  it('refuses a challenge carrying the wrong verification token', async () => {
    receiver = await startReceiver();
    const response = await deliver(receiver.webhook, encryptedUnsigned(urlVerification('ch-1', 'other-token'), ENCRYPT_KEY));
    expect(response.status).toBe(401);
  });

  it('refuses a forged signature and never runs the handler', async () => {
    receiver = await startReceiver();
    const forged = sign(groupMessage('开票 伪造'));
    forged.headers['x-lark-signature'] = 'f'.repeat(64);
    expect((await deliver(receiver.webhook, forged)).status).toBe(401);
    const signedWithAnotherKey = sign(groupMessage('开票 伪造'), { encryptKey: 'another-key' });
    expect((await deliver(receiver.webhook, signedWithAnotherKey)).status).toBeGreaterThanOrEqual(400);
    await expectOnlyMarkerHandledAfter();
  });

  it('refuses a body changed after signing', async () => {
    receiver = await startReceiver();
    const original = sign(groupMessage('开票 原文'));
    const other = sign(groupMessage('开票 篡改'));
    expect((await deliver(receiver.webhook, { headers: original.headers, body: other.body })).status).toBe(401);
    await expectOnlyMarkerHandledAfter();
  });

  it('refuses an encrypted event without signature headers', async () => {
    receiver = await startReceiver();
    const response = await deliver(receiver.webhook, encryptedUnsigned(groupMessage('开票'), ENCRYPT_KEY));
    expect(response.status).toBe(401);
    await expectOnlyMarkerHandledAfter();
  });

  it('refuses a correctly signed request whose timestamp is outside the replay window', async () => {
    const clock = Date.parse('2026-11-21T10:00:00Z');
    receiver = await startReceiver({ now: () => clock, replayWindowMs: 5 * 60_000 });
    const stale = sign(groupMessage('开票 重放'), { timestamp: clock / 1000 - 6 * 60 });
    expect((await deliver(receiver.webhook, stale)).status).toBe(401);
    const future = sign(groupMessage('开票 未来'), { timestamp: clock / 1000 + 6 * 60 });
    expect((await deliver(receiver.webhook, future)).status).toBe(401);
    const fresh = sign(groupMessage('开票 新鲜'), { timestamp: clock / 1000 - 60 });
    expect((await deliver(receiver.webhook, fresh)).status).toBe(200);
    const [only] = await receiver.waitForInbounds(1);
    expect((only as InboundMessage).text).toBe('开票 新鲜');
  });

  it('refuses an event carrying the wrong verification token', async () => {
    receiver = await startReceiver();
    const response = await deliver(receiver.webhook, sign(groupMessage('开票', { verificationToken: 'wrong' })));
    expect(response.status).toBe(401);
  });

  it('refuses a correctly signed event for another app and runs nothing', async () => {
    receiver = await startReceiver();
    const response = await deliver(receiver.webhook, sign(groupMessage('开票', { appId: 'cli_someone_else' })));
    expect(response.status).toBe(403);
    await expectOnlyMarkerHandledAfter();
  });

  it('refuses a body that is not JSON', async () => {
    receiver = await startReceiver();
    const response = await deliver(receiver.webhook, { headers: { 'content-type': 'application/json' }, body: 'nope' });
    expect(response.status).toBe(400);
  });
});

describe('Feishu webhook: messages', () => {
  it('turns a signed, encrypted group message into an InboundMessage with the mention stripped', async () => {
    receiver = await startReceiver();
    const text = '开票 购方=杭州测试科技有限公司 金额=1060 税率=6%\n项目=咨询费 金额=530 税率=6%';
    const event = groupMessage(text, { eventId: 'ev-1', messageId: 'om_msg_1' });
    const response = await deliver(receiver.webhook, sign(event));
    expect(response.status).toBe(200);
    const [inbound] = await receiver.waitForInbounds(1);
    expect(inbound).toEqual({
      kind: 'message',
      chat: { platform: 'feishu', chatId: 'oc_group', chatType: 'group' },
      user: { id: 'ou_alice' },
      dedupeId: 'feishu:ev-1',
      replyTo: 'om_msg_1',
      text,
      mentioned: true,
    });
    expect(receiver.inbox.seen.has('feishu:ev-1')).toBe(true);
  });

  it('handles the same event_id once however often Feishu pushes it', async () => {
    receiver = await startReceiver();
    const event = groupMessage('开票 一次', { eventId: 'ev-dup' });
    expect((await deliver(receiver.webhook, sign(event))).status).toBe(200);
    expect((await deliver(receiver.webhook, sign(event))).status).toBe(200);
    await receiver.waitForInbounds(1);
    await deliver(receiver.webhook, sign(groupMessage('marker')));
    await receiver.waitForInbounds(2);
    expect(receiver.inbounds.map((inbound) => (inbound as InboundMessage).text)).toEqual(['开票 一次', 'marker']);
  });

  it("ignores messages sent by bots, its own included", async () => {
    receiver = await startReceiver();
    const fromBot = groupMessage('发票已开具', { userId: BOT_OPEN_ID, senderType: 'app', mentionBot: false });
    expect((await deliver(receiver.webhook, sign(fromBot))).status).toBe(200);
    const fromOtherApp = groupMessage('hello', { userId: 'ou_other_app', senderType: 'app' });
    expect((await deliver(receiver.webhook, sign(fromOtherApp))).status).toBe(200);
    await expectOnlyMarkerHandledAfter();
  });

  it('marks a group message that does not mention the bot as not mentioned', async () => {
    receiver = await startReceiver();
    await deliver(receiver.webhook, sign(groupMessage('大家好', { mentionBot: false })));
    await deliver(
      receiver.webhook,
      sign(groupMessage('请审批', { mentionBot: false, mentionOthers: [{ openId: 'ou_bob', name: 'Bob' }] })),
    );
    await deliver(receiver.webhook, sign(groupMessage('帮助', { chatType: 'p2p', mentionBot: false })));
    const inbounds = (await receiver.waitForInbounds(3)) as InboundMessage[];
    const byText = Object.fromEntries(inbounds.map((inbound) => [inbound.text, inbound]));
    expect(byText['大家好']?.mentioned).toBe(false);
    expect(byText['请审批']?.mentioned).toBe(false);
    expect(byText['帮助']).toMatchObject({ mentioned: true, chat: { chatType: 'p2p' } });
  });

  it('counts any mention while the bot does not know its own open_id', async () => {
    receiver = await startReceiver({ botOpenId: () => undefined });
    await deliver(receiver.webhook, sign(groupMessage('状态', { mentionBot: false, mentionOthers: [{ openId: 'ou_x', name: 'X' }] })));
    const [inbound] = (await receiver.waitForInbounds(1)) as InboundMessage[];
    expect(inbound).toMatchObject({ text: '状态', mentioned: true });
  });

  it('acknowledges at once while the handler is still running, and survives a handler that fails', async () => {
    receiver = await startReceiver();
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    receiver.respond = async (inbound) => {
      if ((inbound as InboundMessage).text === '慢') await blocked;
      if ((inbound as InboundMessage).text === '坏') throw new Error('handler bug');
    };
    expect((await deliver(receiver.webhook, sign(groupMessage('慢')))).status).toBe(200);
    expect((await deliver(receiver.webhook, sign(groupMessage('坏')))).status).toBe(200);
    release();
    expect((await deliver(receiver.webhook, sign(groupMessage('好')))).status).toBe(200);
    await receiver.waitForInbounds(3);
  });

  it('answers 500 when the inbox cannot be written, so Feishu delivers again', async () => {
    receiver = await startReceiver();
    receiver.inbox.failing = true;
    expect((await deliver(receiver.webhook, sign(groupMessage('开票')))).status).toBe(500);
    receiver.inbox.failing = false;
    await expectOnlyMarkerHandledAfter();
  });

  it('acknowledges event types it does not handle', async () => {
    receiver = await startReceiver();
    const event = { schema: '2.0', header: { event_id: 'ev-x', event_type: 'im.chat.member.bot.added_v1', token: VERIFICATION_TOKEN, app_id: APP_ID }, event: {} };
    expect((await deliver(receiver.webhook, sign(event))).status).toBe(200);
  });
});

describe('Feishu webhook without an encrypt key', () => {
  const plain = (payload: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });

  it('answers a plain challenge and takes plain events carrying the verification token', async () => {
    receiver = await startReceiver({ encryptKey: undefined });
    expect(await deliver(receiver.webhook, plain(urlVerification('plain-ch', VERIFICATION_TOKEN)))).toEqual({
      status: 200,
      json: { challenge: 'plain-ch' },
    });
    expect((await deliver(receiver.webhook, plain(groupMessage('开票', { verificationToken: 'forged' })))).status).toBe(401);
    expect((await deliver(receiver.webhook, plain(groupMessage('帮助')))).status).toBe(200);
    const [inbound] = (await receiver.waitForInbounds(1)) as InboundMessage[];
    expect(inbound?.text).toBe('帮助');
    expect(receiver.inbounds).toHaveLength(1);
  });

  it('refuses an encrypted body it has no key for', async () => {
    receiver = await startReceiver({ encryptKey: undefined });
    expect((await deliver(receiver.webhook, sign(groupMessage('开票')))).status).toBe(400);
  });
});
