/**
 * The bot as a group chat sees it, whatever the platform: the real app (startBot) against a fake open platform and
 * the jumdata simulator over loopback. Scenarios written against `ChatHarness` run on every platform with
 * `describe.each(CHAT_PLATFORMS)`; each implementation (platforms/) speaks its platform's wire and reads what its fake
 * recorded. Where platforms differ (a Feishu click is answered by a toast, a DingTalk click by a message), the
 * harness says what a person would notice: `answered` finds either.
 */
import type { RunningSandbox } from '../../src/api/sandbox/index.js';
import type { RunningBot } from '../../src/app.js';
import type { CardState, PlatformName } from '../../src/bot/platform.js';
import { pollUntil } from '../fakes/poll.js';
import type { HarnessOptions } from './harness.js';
import { startDingTalkChat, type DingTalkVariant } from './platforms/dingtalk-chat.js';
import { startFeishuChat } from './platforms/feishu-chat.js';

/**
 * `dingtalk` takes robot messages on the signed HTTP callback, `dingtalk-stream` over the stream socket (both with
 * markdown cards whose buttons send a message), `dingtalk-cards` over the stream with a card template: interactive
 * cards updated in place, whose buttons call back.
 */
export type ChatPlatform = 'feishu' | 'dingtalk' | 'dingtalk-stream' | 'dingtalk-cards';

export const CHAT_PLATFORMS: readonly ChatPlatform[] = ['feishu', 'dingtalk', 'dingtalk-stream', 'dingtalk-cards'];

/**
 * Platforms whose cards take what a person writes in them (Feishu's form input; on DingTalk markdown cards, text typed
 * between a button and its token). A DingTalk card template shows buttons only: its approval card takes no 驳回 reason.
 */
export const CARDS_TAKE_INPUT: readonly ChatPlatform[] = ['feishu', 'dingtalk', 'dingtalk-stream'];

const DINGTALK_VARIANT: Record<Exclude<ChatPlatform, 'feishu'>, DingTalkVariant> = {
  dingtalk: 'http',
  'dingtalk-stream': 'stream',
  'dingtalk-cards': 'cards',
};

/** A card the bot posted, as it showed when read. */
export interface ChatCard {
  /** The platform's message id. */
  id: string;
  chatId: string;
  title: string;
  state?: CardState;
  /** Everything a person reads on it. */
  text: string;
  /** Button labels, in order. */
  buttons: string[];
  /** The platform's own record of it (what a click presses). */
  readonly raw: unknown;
}

export interface SayOptions {
  userId?: string;
  /** The platform's delivery id (Feishu event_id, DingTalk msgId): the same id is the same delivery. */
  deliveryId?: string;
  chatId?: string;
  /** Further people mentioned after the text (`审批人 添加 @张三`), as the platform's client writes them. */
  mentions?: Array<{ userId: string; name: string }>;
  /** In the speaker's one-to-one chat with the bot (`privateChatOf`) instead of a group: no mention needed. */
  privately?: boolean;
}

export interface ChatHarness {
  readonly platform: ChatPlatform;
  readonly sandbox: RunningSandbox;
  readonly bot: RunningBot;
  /** The bot's DATA_DIR, kept across restarts. */
  readonly dataDir: string;
  /** The group the scenarios talk in. */
  readonly chatId: string;
  /** The id of `userId`'s one-to-one chat with the bot, where the bot's answers to them there are posted. */
  privateChatOf(userId: string): string;
  /** A group member (default the clerk) types `text`, mentioning the bot. */
  say(text: string, options?: SayOptions): Promise<{ status: number }>;
  /**
   * Someone (default the clerk) clicks the button labelled `buttonText` on `card` as it showed then; `input` is what
   * they wrote in the card's one input first (Feishu: the form field; DingTalk: typed between the button and its token);
   * `deliveryId` as in `say` (the same id is the same click delivered again).
   */
  click(card: ChatCard, buttonText: string, options?: { userId?: string; input?: string; deliveryId?: string }): Promise<{ status: number }>;
  /** Waits until a person was told `fragment`: a text message in the group, or (Feishu) a click's toast. */
  answered(fragment: string): Promise<void>;
  /** Everything people in the group were told so far, in order: its text messages, and (Feishu) clicks' toasts. */
  answers(): string[];
  /** Waits for a text message in the group (default the harness's) containing `fragment`. */
  text(fragment: string, chatId?: string): Promise<string>;
  /** Waits for a card whose title contains `fragment`, as first sent. */
  card(fragment: string, chatId?: string): Promise<ChatCard>;
  /** Waits for a card that shows `fragment` (title or text) now: updated in place, or posted anew. */
  cardShowing(fragment: string): Promise<ChatCard>;
  /** The image a card shows (PNG bytes), if any. */
  image(card: ChatCard): Buffer | undefined;
  texts(chatId?: string): string[];
  /** Every card posted in the group, as first sent. */
  cards(chatId?: string): ChatCard[];
  /** Every card posted in the group, as it shows now (updated in place, or not at all). */
  cardsNow(chatId?: string): ChatCard[];
  /**
   * Moves the test clock (the `clock` option) forward for the bot, the simulator and the fake platform, and waits for
   * what came due — a cron run, a poll — to finish.
   */
  advance(ms: number): Promise<void>;
  /** The platform's address book knows these people (user id → name), as it shows them in chats. */
  knowPeople(people: Record<string, string>): void;
  /**
   * The platform fails the next `count` card updates with a server error (where cards do not update, the next sends
   * into the group, which carry the new states).
   */
  failNextCardUpdates(count: number): void;
  /** The group removes the bot: from now on the platform refuses every send (and card update) into it as such. */
  removeBot(): void;
  /** How many sends and card updates the platform refused because the bot is no longer in the group. */
  refusedSends(): number;
  /** The platform refuses the next image the bot uploads, as it does a file it will not take. */
  refuseNextImage(): void;
  /** The platform refuses every access token it issued so far (the bot must fetch a new one). */
  expirePlatformTokens(): void;
  /** The platform's secrets the bot holds or was handed (app secret, tokens…), by name: never to be logged. */
  platformSecrets(): Record<string, string>;
  /** The simulator's control routes (`scan`, `advance`, `invoices`, `calls`…). */
  control(route: string, body?: unknown): Promise<any>;
  /** Stops the bot and starts it again on the same data directory; `between` runs while it is down. */
  restart(between?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** The bot's name for the platform a variant runs on (what its audit lines and chat references say). */
export function platformNameOf(platform: ChatPlatform): PlatformName {
  return platform === 'feishu' ? 'feishu' : 'dingtalk';
}

export function startChatHarness(platform: ChatPlatform, options: HarnessOptions = {}): Promise<ChatHarness> {
  return platform === 'feishu' ? startFeishuChat(options) : startDingTalkChat(DINGTALK_VARIANT[platform], options);
}

/** Logs the seller in through the chat (登录 → SMS code → 验证码). */
export async function logInThroughChat(h: ChatHarness): Promise<void> {
  await h.say('登录');
  await h.text('短信验证码已发送');
  await h.say('验证码 123456');
  await h.text('税局登录成功');
}

/**
 * Waits for a card whose title now contains `title` and whose text contains `showing`: the latest such, since on a
 * platform that cannot update cards each state is a card of its own.
 */
export function cardNow(h: ChatHarness, title: string, showing = '', chatId?: string): Promise<ChatCard> {
  return waitUntil(
    () => h.cardsNow(chatId).findLast((card) => card.title.includes(title) && card.text.includes(showing)),
    () => h.cardsNow(chatId).map((card) => `${card.title}: ${card.text.slice(0, 200)}`).join('\n'),
  );
}

/** Someone clicks `buttonText` on `card` and is told `fragment` for it (a toast, or a message after the click): what they were told. */
export async function clickAndHear(
  h: ChatHarness,
  card: ChatCard,
  buttonText: string,
  fragment: string,
  options?: Parameters<ChatHarness['click']>[2],
): Promise<string> {
  const before = h.answers().length;
  await h.click(card, buttonText, options);
  return waitUntil(() => h.answers().slice(before).find((answer) => answer.includes(fragment)), () => h.answers().join('\n'));
}

/** Polls until `found` gives something, or fails after `timeoutMs` saying what was `seen`. */
export function waitUntil<T>(found: () => T | undefined, seen: () => string, timeoutMs = 15_000): Promise<T> {
  return pollUntil(found, timeoutMs, () => `not seen within ${timeoutMs} ms; the chat holds:\n${seen()}`);
}
