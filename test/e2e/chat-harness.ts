/**
 * The bot as a group chat sees it, whatever the platform: the real app (startBot) against a fake open platform and
 * the jumdata simulator over loopback. Scenarios written against `ChatHarness` run on every platform with
 * `describe.each(CHAT_PLATFORMS)`; each implementation (platforms/) speaks its platform's wire and reads what its fake
 * recorded. Where platforms differ (a Feishu click is answered by a toast, a DingTalk click by a message), the
 * harness says what a person would notice: `answered` finds either.
 */
import type { RunningSandbox } from '../../src/api/sandbox/index.js';
import type { RunningBot } from '../../src/app.js';
import type { CardState } from '../../src/bot/platform.js';
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
}

export interface ChatHarness {
  readonly platform: ChatPlatform;
  readonly sandbox: RunningSandbox;
  readonly bot: RunningBot;
  /** The bot's DATA_DIR, kept across restarts. */
  readonly dataDir: string;
  /** The group the scenarios talk in. */
  readonly chatId: string;
  /** A group member (default the clerk) types `text`, mentioning the bot. */
  say(text: string, options?: SayOptions): Promise<{ status: number }>;
  /** Someone (default the clerk) clicks the button labelled `buttonText` on `card` as it showed then. */
  click(card: ChatCard, buttonText: string, options?: { userId?: string }): Promise<{ status: number }>;
  /** Waits until a person was told `fragment`: a text message in the group, or (Feishu) a click's toast. */
  answered(fragment: string): Promise<void>;
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

/** Polls until `found` gives something, or fails after `timeoutMs` saying what was `seen`. */
export function waitUntil<T>(found: () => T | undefined, seen: () => string, timeoutMs = 15_000): Promise<T> {
  return pollUntil(found, timeoutMs, () => `not seen within ${timeoutMs} ms; the chat holds:\n${seen()}`);
}
