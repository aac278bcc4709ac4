import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { ChatSendError } from '../../../src/bot/chat-send-error.js';
import type { DingTalkClient } from '../../../src/bot/dingtalk/openapi.js';
import { outTrackIdFor } from '../../../src/bot/dingtalk/card-instances.js';
import type { Card, ChatRef, ChatSender } from '../../../src/bot/platform.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { botSender } from '../../fakes/dingtalk/bot-sender.js';
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
function makeSender({ clientSecret, templateId }: { clientSecret?: string; templateId?: string } = {}): ChatSender {
  const built = botSender(fake, store, { logger: createLogger('debug', log.stream), clientSecret, templateId, sleep: async (ms) => void sleeps.push(ms) });
  clients.push(built.client);
  return built.sender;
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
    await expect(makeSender({ clientSecret: 'wrong-secret' }).sendText(person, 'd', 'd')).rejects.toMatchObject({ code: 'rejected' });
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

describe('DingTalk sender with a card template: interactive cards', () => {
  const TEMPLATE = 'tpl-fapiao.schema';
  const preview: Card = {
    title: '开票预览 <b>',
    state: 'info',
    fields: [{ label: '购方', value: '[甲](http://evil.example) @所有人' }],
    body: ['合计 ', { strong: '¥1,060.00' }],
    buttons: [
      { text: '确认开具', style: 'primary', value: { op: 'issue_confirm', job: 'j1' } },
      { text: '取消', value: { op: 'issue_cancel', job: 'j1' }, confirm: '取消后需要重新发起' },
    ],
    note: '单号 j1',
  };
  const instances = () => fake.messages.filter((m) => m.instance);

  it('creates and delivers a card of the template: string variables, user text escaped, the buttons as a list', async () => {
    const sender = makeSender({ templateId: TEMPLATE });
    const sent = await sender.sendCard(group, preview, 'job:j1:preview');
    expect(sent.messageId).toBe(outTrackIdFor(fake.robotCode, 'job:j1:preview'));
    const [card] = instances();
    expect(card!.instance).toMatchObject({ outTrackId: sent.messageId, templateId: TEMPLATE, openSpaceId: `dtv1.card//IM_GROUP.${GROUP}` });
    expect(card!.param).toMatchObject({ callbackType: 'STREAM', imGroupOpenSpaceModel: { supportForward: false } });
    const variables = card!.instance!.versions[0]!;
    expect(Object.keys(variables).sort()).toEqual(['buttons', 'lastMessage', 'markdown', 'state', 'title']);
    expect(variables).toMatchObject({ title: '开票预览 <b>', state: 'info', lastMessage: '开票预览 <b>' });
    expect(JSON.parse(variables.buttons!)).toEqual([
      { text: '确认开具', style: 'primary', action: '{"op":"issue_confirm","job":"j1"}' },
      { text: '取消', style: 'default', action: '{"op":"issue_cancel","job":"j1"}' },
    ]);
    // The markdown is a markdown card's, without heading and links: user text never becomes a link or a mention.
    expect(card!.card!.links).toEqual([]);
    expect(variables.markdown!.replace(/<\/?font[^>]*>/gu, '')).not.toMatch(/[[\]@<]/u);
    expect(card!.card!.text).toContain('购方：[甲](http://evil.example) @所有人');
    expect(card!.card!.text).toContain('⚠️ 取消：取消后需要重新发起');
    expect(card!.card!.text).not.toContain('#');
    expect(card!.card!.buttons.map((button) => button.label)).toEqual(['确认开具', '取消']);
    expect(fake.messages.filter((m) => m.msgKey === 'sampleMarkdown')).toEqual([]);
  });

  it('delivers a one-to-one card to the person\'s chat with the robot', async () => {
    await makeSender({ templateId: TEMPLATE }).sendCard(person, preview, 'p2p');
    expect(instances()[0]!.instance!.openSpaceId).toBe('dtv1.card//IM_ROBOT.staff-0042');
    expect(instances()[0]!.param.imRobotOpenDeliverModel).toEqual({ spaceType: 'IM_ROBOT', robotCode: fake.robotCode });
  });

  it('creates one card per idempotency key: retried, sent twice at once, or sent again after a restart', async () => {
    const sender = makeSender({ templateId: TEMPLATE });
    const [first, second] = await Promise.all([sender.sendCard(group, preview, 'job:j1:preview'), sender.sendCard(group, preview, 'job:j1:preview')]);
    expect(second).toEqual(first);
    expect(await makeSender({ templateId: TEMPLATE }).sendCard(group, preview, 'job:j1:preview')).toEqual(first);
    expect(instances()).toHaveLength(1);
  });

  it('updates the card in place, the newest state winning when updates pile up', async () => {
    const sender = makeSender({ templateId: TEMPLATE });
    const { messageId } = await sender.sendCard(group, preview, 'job:j1:preview');
    const states: Card[] = [
      { title: '开票 · 已确认', state: 'pending', body: ['已确认'] },
      { title: '开票 · 开具中', state: 'pending', body: ['税局处理中'] },
      { title: '开票 · 已开具', state: 'success', body: ['发票号码：123'] },
    ];
    await Promise.all(states.map((card) => sender.updateCard!(group, messageId, card)));
    const [card] = instances();
    expect(instances()).toHaveLength(1);
    expect(card!.card).toMatchObject({ title: '开票 · 已开具', state: 'success', buttons: [] });
    expect(card!.card!.text).toContain('发票号码：123');
    expect(card!.instance!.versions.map((version) => version.title)).not.toContain('开票 · 开具中');
    expect(card!.firstCard!.title).toBe('开票预览 <b>');
  });

  it('posts a card\'s image as a message right before it, and an update\'s new image once, below it', async () => {
    const sender = makeSender({ templateId: TEMPLATE });
    const qr: Card = { title: '扫码', state: 'pending', image: { png, alt: '二维码' } };
    const { messageId } = await sender.sendCard(group, qr, 'qr');
    expect(fake.messages.map((m) => m.msgKey)).toEqual(['sampleImageMsg', 'interactiveCard']);
    expect(instances()[0]!.card!.text).toContain('二维码：见上一条图片消息');
    const other = Buffer.concat([png, Buffer.from('00', 'hex')]);
    await sender.updateCard!(group, messageId, { ...qr, image: { png: other, alt: '新二维码' } });
    await sender.updateCard!(group, messageId, { ...qr, title: '扫码 · 仍在等待', image: { png: other, alt: '新二维码' } });
    expect(fake.messages.map((m) => m.msgKey)).toEqual(['sampleImageMsg', 'interactiveCard', 'sampleImageMsg']);
    expect(fake.messages[2]!.image).toEqual(other);
    expect(instances()[0]!.card!.text).toContain('新二维码：见最新一条图片消息');
  });

  it('codes a card not delivered as rejected, and an update of a card DingTalk does not know as rejected', async () => {
    const sender = makeSender({ templateId: TEMPLATE });
    fake.removeBotFrom(GROUP);
    await expect(sender.sendCard(group, preview, 'gone')).rejects.toMatchObject({ code: 'rejected' });
    await expect(sender.updateCard!(group, 'no-such-card', preview)).rejects.toMatchObject({ code: 'rejected' });
  });
});

describe('DingTalk sender without DINGTALK_BOT_NAME: the name button links mention', () => {
  const preview: Card = { title: '开票预览', state: 'info', buttons: [{ text: '确认开具', value: { op: 'issue_confirm', job: 'j1' } }] };
  const linkText = (named: FakeDingTalk) => named.messages.find((m) => m.card)!.card!.buttons[0]!.content;

  /** A fake whose robot has `options`' name, and the bot's sender for it with DINGTALK_BOT_NAME unset. */
  async function withFake(options: Parameters<typeof startFakeDingTalk>[0], run: (named: FakeDingTalk, sender: ChatSender) => Promise<void>) {
    const named = await startFakeDingTalk(options);
    const { sender, client } = botSender(named, store, { logger: createLogger('debug', log.stream), botName: null });
    try {
      await run(named, sender);
    } finally {
      await client.close();
      await named.close();
    }
  }

  it("reads it once from the group's robot list (this robot's entry, not another bot's)", async () => {
    await withFake({ botName: '财务机器人' }, async (named, sender) => {
      await sender.sendCard(group, preview, 'a');
      await sender.sendCard(group, { ...preview, title: '第二张' }, 'b');
      expect(named.messages.map((m) => m.card!.buttons[0]!.content.split(' ')[0])).toEqual(['@财务机器人', '@财务机器人']);
      expect(named.calls.filter((call) => call.path === '/v1.0/robot/groups/robots/query')).toHaveLength(1);
    });
    expect(log.text()).toContain('dingtalk robot name read from a group');
  });

  it('mentions 开票助手 when the app may not read the list, and says what to do once', async () => {
    await withFake({ botName: '财务机器人', chatManagePermission: false }, async (named, sender) => {
      await sender.sendCard(group, preview, 'a');
      expect(linkText(named)).toMatch(/^@开票助手 确认开具 #/u);
      await sender.sendCard(group, { ...preview, title: '第二张' }, 'b');
      expect(named.calls.filter((call) => call.path === '/v1.0/robot/groups/robots/query')).toHaveLength(1);
    });
    const warnings = log.lines().filter((line) => line.includes('could not read the dingtalk robot name'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('qyapi_chat_manage');
  });

  it('needs no name for a one-to-one card, and asks nothing', async () => {
    await withFake({ botName: '财务机器人' }, async (named, sender) => {
      await sender.sendCard(person, preview, 'p2p');
      expect(linkText(named)).toMatch(/^确认开具 #/u);
      expect(named.calls.filter((call) => call.path === '/v1.0/robot/groups/robots/query')).toEqual([]);
    });
  });
});
