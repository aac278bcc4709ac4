import { afterEach, describe, expect, it } from 'vitest';
import { cardActionEvent, deliver, oldCardCallback, signedEvent } from '../../fakes/feishu/events.js';
import { cardText, cardTemplate, findButtonValue } from '../../fakes/feishu/card-reading.js';
import { ENCRYPT_KEY, startReceiver, VERIFICATION_TOKEN, type ReceiverHarness } from './receiver-harness.js';
import { REPLAY_WINDOW_MS } from '../../../src/bot/replay-window.js';
import type { InboundAction } from '../../../src/bot/platform.js';

let receiver: ReceiverHarness;

afterEach(async () => {
  await receiver.close();
});

const click = (extra: Partial<Parameters<typeof cardActionEvent>[0]> = {}) =>
  signedEvent(
    cardActionEvent({
      chatId: 'oc_group',
      userId: 'ou_alice',
      messageId: 'om_card_1',
      value: { op: 'confirm', job: 'job-1' },
      verificationToken: VERIFICATION_TOKEN,
      ...extra,
    }),
    { encryptKey: ENCRYPT_KEY },
  );

const oldClick = (extra: Partial<Parameters<typeof oldCardCallback>[0]> = {}) =>
  oldCardCallback({
    chatId: 'oc_group',
    userId: 'ou_bob',
    messageId: 'om_card_2',
    value: { op: 'approve', job: 'job-2' },
    verificationToken: VERIFICATION_TOKEN,
    ...extra,
  });

describe('Feishu card actions (card.action.trigger v2 on the webhook)', () => {
  it('hands the click to the bot as an InboundAction and returns its answer: toast and raw card JSON 2.0', async () => {
    receiver = await startReceiver();
    receiver.respond = async () => ({
      toast: { type: 'success', text: '已提交' },
      card: { title: '开具中', state: 'pending', buttons: [{ text: '刷新', value: { op: 'refresh', job: 'job-1' } }] },
    });
    const response = await deliver(
      receiver.webhook,
      click({ eventId: 'ev-card-1', value: { op: 'confirm', job: 'job-1', n: 2 }, formValue: { buyer: '杭州', qty: 3 } }),
    );
    expect(response.status).toBe(200);
    expect(response.json.toast).toEqual({ type: 'success', content: '已提交' });
    expect(response.json.card.type).toBe('raw');
    expect(response.json.card.data.schema).toBe('2.0');
    expect(cardText(response.json.card.data)).toContain('开具中');
    expect(cardTemplate(response.json.card.data)).toBe('orange');
    expect(findButtonValue(response.json.card.data, '刷新')).toEqual({ op: 'refresh', job: 'job-1' });
    const [action] = receiver.inbounds as InboundAction[];
    expect(action).toEqual({
      kind: 'action',
      chat: { platform: 'feishu', chatId: 'oc_group', chatType: 'group' },
      user: { id: 'ou_alice' },
      dedupeId: 'feishu:ev-card-1',
      value: { op: 'confirm', job: 'job-1', n: '2' },
      form: { buyer: '杭州', qty: '3' },
      cardMessageId: 'om_card_1',
      replyTo: 'om_card_1',
    });
  });

  it('answers an empty object when the handler has nothing to say', async () => {
    receiver = await startReceiver();
    const response = await deliver(receiver.webhook, click());
    expect(response).toEqual({ status: 200, json: {} });
    expect(receiver.inbounds).toHaveLength(1);
  });

  it('answers "处理中…" when the handler is slower than the answer timeout, and lets it finish', async () => {
    receiver = await startReceiver({ actionAnswerTimeoutMs: 50 });
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = false;
    receiver.respond = async () => {
      await blocked;
      finished = true;
      return { toast: { type: 'success', text: 'too late' } };
    };
    const response = await deliver(receiver.webhook, click());
    expect(response).toEqual({ status: 200, json: { toast: { type: 'info', content: '处理中…' } } });
    expect(finished).toBe(false);
    release();
    await blocked;
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toBe(true);
  });

  it('answers an error toast when the handler fails', async () => {
    receiver = await startReceiver();
    receiver.respond = async () => {
      throw new Error('flow bug');
    };
    const response = await deliver(receiver.webhook, click());
    expect(response.status).toBe(200);
    expect(response.json.toast.type).toBe('error');
  });

  it('runs a re-delivered click once', async () => {
    receiver = await startReceiver();
    receiver.respond = async () => ({ toast: { type: 'info', text: 'ok' } });
    expect((await deliver(receiver.webhook, click({ eventId: 'ev-card-dup' }))).json.toast.content).toBe('ok');
    expect(await deliver(receiver.webhook, click({ eventId: 'ev-card-dup' }))).toEqual({ status: 200, json: {} });
    expect(receiver.inbounds).toHaveLength(1);
  });

  it('refuses a forged click', async () => {
    receiver = await startReceiver();
    const forged = click();
    forged.headers['x-lark-signature'] = '0'.repeat(64);
    expect((await deliver(receiver.webhook, forged)).status).toBe(401);
    expect(receiver.inbounds).toHaveLength(0);
  });
});

describe('Feishu old-style card callback (POST /feishu/card)', () => {
  it('accepts a click signed with the verification token and answers with the replacement card itself', async () => {
    receiver = await startReceiver();
    receiver.respond = async () => ({ card: { title: '已同意', state: 'success' } });
    const response = await deliver(receiver.card, oldClick({ formValue: { reason: '同意' } }));
    expect(response.status).toBe(200);
    expect(response.json.schema).toBe('2.0');
    expect(cardText(response.json)).toContain('已同意');
    const [action] = receiver.inbounds as InboundAction[];
    expect(action).toMatchObject({
      kind: 'action',
      chat: { platform: 'feishu', chatId: 'oc_group' },
      user: { id: 'ou_bob' },
      value: { op: 'approve', job: 'job-2' },
      form: { reason: '同意' },
      cardMessageId: 'om_card_2',
    });
    expect(action?.dedupeId).toMatch(/^feishu:card:[0-9a-f]{32}$/);
  });

  it('refuses a click with a bad or missing signature', async () => {
    receiver = await startReceiver();
    const forged = oldClick();
    forged.headers['x-lark-signature'] = 'a'.repeat(40);
    expect((await deliver(receiver.card, forged)).status).toBe(401);
    const signedWithOtherToken = oldClick({ verificationToken: 'not-ours' });
    expect((await deliver(receiver.card, signedWithOtherToken)).status).toBe(401);
    const unsigned = oldClick();
    expect((await deliver(receiver.card, { headers: { 'content-type': 'application/json' }, body: unsigned.body })).status).toBe(401);
    expect(receiver.inbounds).toHaveLength(0);
  });

  it('refuses a click older than dedupe remembers', async () => {
    const clock = Date.parse('2026-11-21T10:00:00Z');
    receiver = await startReceiver({ now: () => clock });
    const stale = (clock - REPLAY_WINDOW_MS) / 1000 - 60;
    expect((await deliver(receiver.card, oldClick({ timestamp: stale }))).status).toBe(401);
    expect(receiver.inbounds).toHaveLength(0);
  });

  it('runs the same click (same update token) once', async () => {
    receiver = await startReceiver();
    const request = oldClick({ token: 'c-same-token' });
    expect((await deliver(receiver.card, request)).status).toBe(200);
    expect((await deliver(receiver.card, request)).status).toBe(200);
    expect((await deliver(receiver.card, oldClick({ token: 'c-other-token' }))).status).toBe(200);
    expect(receiver.inbounds).toHaveLength(2);
  });

  it('also takes v2 callbacks sent to the card URL', async () => {
    receiver = await startReceiver();
    receiver.respond = async () => ({ toast: { type: 'warning', text: '只有审批人可以操作' } });
    const response = await deliver(receiver.card, click({ eventId: 'ev-on-card-url' }));
    expect(response.json).toEqual({ toast: { type: 'warning', content: '只有审批人可以操作' } });
    expect(receiver.inbounds[0]?.dedupeId).toBe('feishu:ev-on-card-url');
  });
});
