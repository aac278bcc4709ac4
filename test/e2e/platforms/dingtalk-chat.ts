/**
 * `ChatHarness` on DingTalk: the bot configured for the fake DingTalk open platform (robot messages on the signed HTTP
 * callback, or over the stream socket), the simulator for the tax side. Cards are the markdown messages the bot sent,
 * read as a person sees them; a click sends the text of the card's dtmd link as the member who clicked. With a card
 * template (`cards`: stream mode) cards are interactive card instances, changing in place, and a click pushes the
 * button's callback over the stream.
 */
import { startBot, type RunningBot } from '../../../src/app.js';
import { startSandbox } from '../../../src/api/sandbox/index.js';
import { loadConfig } from '../../../src/config.js';
import { GROUP, startFakeDingTalk, type FakeDingTalk, type FakeDingTalkMessage } from '../../fakes/dingtalk/platform.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitUntil, type ChatCard, type ChatHarness, type ChatPlatform } from '../chat-harness.js';
import { botOverrides, CLERK, cronsOutOfTheWay, providerEnv, sandboxControl, type HarnessOptions } from '../harness.js';

/** How the bot meets DingTalk: robot messages on the HTTP callback, over the stream, or the stream with card template. */
export type DingTalkVariant = 'http' | 'stream' | 'cards';

export const CARD_TEMPLATE_ID = 'fapiao-e2e-template.schema';

const PLATFORM_OF: Record<DingTalkVariant, ChatPlatform> = { http: 'dingtalk', stream: 'dingtalk-stream', cards: 'dingtalk-cards' };

/** The environment `npm start` reads for DingTalk, pointed at the fake. */
export function dingtalkEnv(dingtalk: FakeDingTalk, variant: DingTalkVariant): Record<string, string> {
  return {
    DINGTALK_CLIENT_ID: dingtalk.clientId,
    DINGTALK_CLIENT_SECRET: dingtalk.clientSecret,
    DINGTALK_ROBOT_CODE: dingtalk.robotCode,
    DINGTALK_BOT_NAME: dingtalk.botName,
    DINGTALK_API_BASE: dingtalk.url,
    DINGTALK_OAPI_BASE: dingtalk.url,
    DINGTALK_MODE: variant === 'http' ? 'http' : 'stream',
    ...(variant === 'cards' ? { DINGTALK_CARD_TEMPLATE_ID: CARD_TEMPLATE_ID } : {}),
  };
}

/** `shown`: the card as read now, or as first delivered; a click presses what was shown. */
function chatCard(message: FakeDingTalkMessage, shown = message.card!): ChatCard {
  return {
    id: message.processQueryKey,
    chatId: message.chatId,
    title: shown.heading,
    state: shown.state,
    text: shown.text,
    buttons: shown.buttons.map((button) => button.label),
    raw: { ...message, card: shown },
  };
}

const asFirstSent = (message: FakeDingTalkMessage) => chatCard(message, message.firstCard ?? message.card);

/** The DingTalk harness also hands out its fake, for tests of DingTalk's own wire (signatures, replays, links). */
export interface DingTalkChatHarness extends ChatHarness {
  readonly dingtalk: FakeDingTalk;
}

export async function startDingTalkChat(variant: DingTalkVariant, options: HarnessOptions = {}): Promise<DingTalkChatHarness> {
  const { clock } = options;
  const onClock = clock && { now: () => clock.now() };
  const dingtalk = await startFakeDingTalk({ ...onClock });
  const sandbox = await startSandbox({ appId: 'jd-e2e', appSecret: 'jd-e2e-secret', smsRequired: true, ...onClock, ...options.sandbox });
  const temp = await makeTempDir('fapiao-e2e-dt-');
  const config = loadConfig({
    ...providerEnv(sandbox, temp.dir),
    ...cronsOutOfTheWay(options),
    ...dingtalkEnv(dingtalk, variant),
    ...options.env,
  });
  const overrides = botOverrides(options);

  async function start(): Promise<RunningBot> {
    const connections = dingtalk.stream.connections;
    const started = await startBot(config, overrides);
    if (variant === 'http') dingtalk.webhookUrl = `${started.url}/dingtalk/webhook`;
    else await dingtalk.waitFor(() => dingtalk.stream.connections > connections && dingtalk.stream.isConnected(), 10_000);
    return started;
  }
  let bot = await start();

  const inChat = (chatId = GROUP) => dingtalk.messagesIn(chatId);
  const cardsIn = (chatId?: string) => inChat(chatId).filter((m) => m.card);
  const textsIn = (chatId?: string) => inChat(chatId).flatMap((m) => (m.text === undefined ? [] : [m.text]));
  const seen = () => dingtalk.messages.map((m) => `${m.msgKey}: ${(m.text ?? m.card?.text ?? '').slice(0, 200)}`).join('\n');

  return {
    platform: PLATFORM_OF[variant],
    dingtalk,
    sandbox,
    get bot() {
      return bot;
    },
    dataDir: temp.dir,
    chatId: GROUP,
    // A one-to-one chat is the person's staffId, where the one-to-one send API addresses it.
    privateChatOf: (staffId) => staffId,
    say: (text, { userId = CLERK, deliveryId, chatId, mentions, privately } = {}) =>
      dingtalk.say({ chatId: privately ? userId : chatId, chatType: privately ? 'p2p' : 'group', userId, text, msgId: deliveryId, mentions }),
    click: (card, buttonText, { userId = CLERK, input, deliveryId } = {}) =>
      dingtalk.click(card.raw as FakeDingTalkMessage, buttonText, { userId, input, msgId: deliveryId }),
    async answered(fragment) {
      await waitUntil(() => textsIn().some((text) => text.includes(fragment)) || undefined, seen);
    },
    // A click's answer is a message like any other.
    answers: () => textsIn(),
    text: (fragment, chatId) => waitUntil(() => textsIn(chatId).find((text) => text.includes(fragment)), seen),
    card: (fragment, chatId) =>
      waitUntil(() => {
        const message = cardsIn(chatId).find((m) => (m.firstCard ?? m.card)!.heading.includes(fragment));
        return message ? asFirstSent(message) : undefined;
      }, seen),
    cardShowing: (fragment) =>
      waitUntil(() => {
        const message = cardsIn().find((m) => m.card!.text.includes(fragment));
        return message ? chatCard(message) : undefined;
      }, seen),
    image(card) {
      // The sender posts a card's image as its own message right before the card.
      const messages = inChat(card.chatId);
      const index = messages.findIndex((m) => m.processQueryKey === card.id);
      return index > 0 ? messages[index - 1]!.image : undefined;
    },
    texts: textsIn,
    cards: (chatId) => cardsIn(chatId).map(asFirstSent),
    // A robot message never changes; an interactive card shows its latest version.
    cardsNow: (chatId) => cardsIn(chatId).map((message) => chatCard(message)),
    async advance(ms) {
      if (!clock) throw new Error('advance needs the harness clock option');
      clock.advance(ms);
      await bot.idle();
    },
    knowPeople(people) {
      for (const [staffId, name] of Object.entries(people)) dingtalk.users.set(staffId, name);
    },
    failNextCardUpdates: (count) =>
      dingtalk.failNext(count, {
        status: 500,
        code: 'ServiceUnavailable',
        message: 'internal error',
        // An interactive card is updated in place; a markdown card's new state is a new group message.
        path: variant === 'cards' ? '/v1.0/card/instances' : '/v1.0/robot/groupMessages/send',
      }),
    removeBot: () => dingtalk.removeBotFrom(GROUP),
    refusedSends: () => dingtalk.calls.filter((call) => call.code === 'invalidParameter.robotCode.notExsit').length,
    refuseNextImage: () => dingtalk.failNext(1, { status: 200, code: '40006', message: '不合法的文件大小', path: '/media/upload' }),
    expirePlatformTokens: () => dingtalk.expireTokens(),
    platformSecrets() {
      const secrets: Record<string, string> = { 'DingTalk client secret': dingtalk.clientSecret };
      // Named by their order, not a prefix: two tokens sharing a prefix would count as one.
      dingtalk.tokensIssued().forEach((token, i) => (secrets[`access token ${i + 1}`] = token));
      dingtalk.stream.issuedTickets.forEach((ticket, i) => (secrets[`stream ticket ${i + 1}`] = ticket));
      return secrets;
    },
    control: (route, body) => sandboxControl(sandbox, route, body),
    async restart(between) {
      await bot.close();
      await between?.();
      bot = await start();
    },
    async close() {
      await bot.close();
      await sandbox.close();
      await dingtalk.close();
      await temp.remove();
    },
  };
}
