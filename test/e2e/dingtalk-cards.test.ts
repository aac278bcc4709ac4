/**
 * DingTalk with a card template (DINGTALK_CARD_TEMPLATE_ID, stream mode): cards are interactive card instances that
 * change in place, and a click is a callback over the stream, checked like a Feishu click — the card's chat (the one
 * the bot delivered it to), the card, the person — and run once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cardClick } from '../fakes/dingtalk/callback.js';
import { GROUP, type FakeDingTalkMessage } from '../fakes/dingtalk/platform.js';
import { TOPIC_CARD } from '../fakes/dingtalk/stream-gateway.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import type { ChatCard } from './chat-harness.js';
import { CLERK, providerEnv, type HarnessOptions } from './harness.js';
import { dingtalkEnv, startDingTalkChat, type DingTalkChatHarness } from './platforms/dingtalk-chat.js';
import { runBotToExit } from './process/bot-process.js';
import { blueSubmitTaskIds } from './sandbox-calls.js';
import { startFakeDingTalk } from '../fakes/dingtalk/platform.js';
import { startSandbox } from '../../src/api/sandbox/index.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
const BOSS = 'staff-boss';
const CASHIER = 'staff-cashier';

/** A logged-in seller whose face auth passes by itself. */
async function start(options: HarnessOptions = {}): Promise<DingTalkChatHarness> {
  const h = await startDingTalkChat('cards', { ...options, sandbox: { smsRequired: false, faceAutoPassMs: 0 } });
  await h.say('登录');
  await h.text('税局登录成功');
  return h;
}

/** The card instance behind a card the harness read. */
function instanceOf(h: DingTalkChatHarness, card: ChatCard): FakeDingTalkMessage {
  return h.dingtalk.messages.find((message) => message.instance?.outTrackId === card.id)!;
}

/** The `action` a button of `card` calls back with, as the card showed it. */
function actionOf(card: ChatCard, label: string): string {
  return (card.raw as FakeDingTalkMessage).card!.buttons.find((button) => button.label === label)!.content;
}

async function submits(h: DingTalkChatHarness): Promise<number> {
  const calls: Array<{ path: string }> = await h.control('calls');
  return calls.filter((call) => call.path.endsWith('blue-invoice/submit')).length;
}

const cardCallbacks = (h: DingTalkChatHarness) => h.dingtalk.stream.pushed.filter((pushed) => pushed.topic === TOPIC_CARD);

describe('DingTalk interactive cards', () => {
  let h: DingTalkChatHarness;
  afterEach(() => h?.close());

  it("shows a job on one card updated in place, from the preview to 已开具, each click acknowledged", async () => {
    h = await start();
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    expect(preview.buttons).toEqual(['确认开具', '取消']);
    expect((await h.click(preview, '确认开具')).status).toBe(200);
    await h.answered('已确认，正在开具');
    const number = (await h.text('发票已开具')).match(/发票号码：(\d{20})/)![1]!;
    const final = await h.cardShowing(number);

    expect(final.id).toBe(preview.id);
    expect(final).toMatchObject({ title: '已开具', state: 'success', buttons: [] });
    const versions = instanceOf(h, preview).instance!.versions;
    expect(versions[0]).toMatchObject({ title: '开票预览 · 请确认', state: 'info' });
    expect(versions.some((version) => version.state === 'pending')).toBe(true);
    expect(versions.at(-1)).toMatchObject({ title: '已开具', state: 'success', buttons: '[]' });
    // No state was posted anew: no markdown card at all, and besides the preview only the face-auth QR's card.
    expect(h.dingtalk.messages.filter((message) => message.msgKey === 'sampleMarkdown')).toEqual([]);
    const others = h.cards().filter((card) => card.id !== preview.id);
    expect(others.map((card) => card.title)).toEqual(['税局要求开票员人脸认证']);
    expect(cardCallbacks(h).map(({ acked, answer }) => ({ acked, answer }))).toEqual([{ acked: true, answer: { response: {} } }]);
  });

  it('refuses 同意 from someone who is not an approver, and runs it from an approver', async () => {
    h = await start({ env: { APPROVERS: BOSS } });
    await h.say(ISSUE);
    await h.click(await h.card('开票预览'), '确认开具');
    await h.answered('已提交审批');
    const approval = await h.card('开票审批');
    expect(approval.buttons).toEqual(['同意', '驳回']);

    expect((await h.click(approval, '同意', { userId: CASHIER })).status).toBe(200);
    await h.answered('只有审批人可以同意或驳回');
    expect(await submits(h)).toBe(0);
    expect(instanceOf(h, approval).card!.buttons.map((button) => button.label)).toEqual(['同意', '驳回']);

    await h.click(approval, '同意', { userId: BOSS });
    await h.answered('已同意，正在开具');
    await h.text('发票已开具');
    expect((await h.control('invoices')).blue).toHaveLength(1);
  });

  it('runs a callback DingTalk pushes again once, also after a restart', async () => {
    h = await start();
    await h.say(ISSUE);
    await h.click(await h.card('开票预览'), '确认开具');
    await h.answered('已确认，正在开具');
    const [pushed] = cardCallbacks(h);

    expect(await h.dingtalk.stream.rePush(pushed!)).toBe(true);
    await h.text('发票已开具');
    await h.restart();
    expect(await h.dingtalk.stream.rePush(pushed!)).toBe(true);
    await h.say('帮助');
    // The help reply itself: an earlier message already holds 开票 (开票日期), so waiting for that would not wait.
    await h.text('我能做这些');

    expect((await h.control('invoices')).blue).toHaveLength(1);
    expect(new Set(await blueSubmitTaskIds(h)).size).toBe(1);
    expect(h.texts().filter((text) => text.includes('已确认，正在开具'))).toHaveLength(1);
    expect(h.texts().filter((text) => text.includes('不会重复'))).toEqual([]);
  });

  it('ignores a callback for a card the bot never sent, and one naming another chat; a click naming its own runs', async () => {
    h = await start();
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    const confirm = { action: actionOf(preview, '确认开具') };
    const before = h.dingtalk.messages.length;

    // Acknowledged (so DingTalk stops pushing), and nothing runs: the acknowledgement comes after the decision.
    const unknown = cardClick({ outTrackId: 'not-a-card-of-this-bot', userId: CLERK, params: confirm });
    expect(await h.dingtalk.stream.push(TOPIC_CARD, unknown)).toBe(true);
    const elsewhere = cardClick({ outTrackId: preview.id, userId: CLERK, params: confirm, spaceType: 'IM_GROUP', spaceId: 'cidAnotherGroup==' });
    expect(await h.dingtalk.stream.push(TOPIC_CARD, elsewhere)).toBe(true);
    expect(h.dingtalk.messages.slice(before)).toEqual([]);
    expect(instanceOf(h, preview).instance!.versions).toHaveLength(1);
    expect(await submits(h)).toBe(0);

    const here = cardClick({ outTrackId: preview.id, userId: CLERK, params: confirm, spaceType: 'IM_GROUP', spaceId: GROUP });
    expect(await h.dingtalk.stream.push(TOPIC_CARD, here)).toBe(true);
    await h.answered('已确认，正在开具');
    await h.text('发票已开具');
    expect((await h.control('invoices')).blue).toHaveLength(1);
  });
});

describe('DingTalk interactive cards need stream mode', { timeout: 60_000 }, () => {
  it('refuses to start in http mode with one line naming both variables', async () => {
    const dingtalk = await startFakeDingTalk();
    const sandbox = await startSandbox({ appId: 'jd-e2e', appSecret: 'jd-e2e-secret' });
    const temp = await makeTempDir('fapiao-e2e-dt-http-cards-');
    try {
      const env = { ...providerEnv(sandbox, temp.dir), ...dingtalkEnv(dingtalk, 'cards'), DINGTALK_MODE: 'http' };
      const exit = await runBotToExit(env);
      expect(exit.code).toBe(1);
      const lines = exit.output.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^配置错误 \/ configuration error: DINGTALK_CARD_TEMPLATE_ID 需要 DINGTALK_MODE=stream：/u);
    } finally {
      await sandbox.close();
      await dingtalk.close();
      await temp.remove();
    }
  });
});
