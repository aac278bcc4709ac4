/**
 * The whole bot as a Feishu group sees it: the real app (startBot) talking to the fake Feishu open platform and
 * the jumdata simulator over loopback. Tests speak through signed, encrypted events and read what the fake
 * platform recorded.
 */
import { startBot, type BotOverrides, type RunningBot } from '../../src/app.js';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/api/sandbox/index.js';
import { startKingdeeSandbox, type KingdeeSandboxOptions, type RunningKingdeeSandbox } from '../../src/api/sandbox/kingdee/index.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { cardText, cardTitle } from '../fakes/feishu/card-reading.js';
import { cardActionEvent, clickEvent, deliver, messageEvent, signedEvent } from '../fakes/feishu/events.js';
import { pressButton } from '../fakes/feishu/form-submission.js';
import { startFakeFeishu, type FakeFeishu, type FakeFeishuMessage } from '../fakes/feishu/platform.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import type { TestClock } from '../helpers/test-clock.js';

export const CHAT = 'oc_finance_group';
export const CLERK = 'ou_clerk';
export const ENCRYPT_KEY = 'e2e-encrypt-key';
export const VERIFICATION_TOKEN = 'e2e-verification-token';
export const SELLER = { nsrsbh: '91330106MA2KXN4X3X', dq: '330000', gryhm: '13800000000', phone: '13800001234' };

const FAST_TIMING: BotOverrides['timing'] = {
  jobPoll: { initialMs: 20, maxMs: 100, factor: 1.5 },
  jobRetry: { initialMs: 50, maxMs: 200, factor: 2 },
  faceAuthPoll: { initialMs: 20, maxMs: 100, factor: 1.5 },
  confirmationWatch: { initialMs: 20, maxMs: 100, factor: 1.5 },
};

export interface HarnessOptions {
  sandbox?: Partial<SandboxOptions>;
  /** Run the bot with TAX_PROVIDER=kingdee against the Kingdee simulator (its options here); `control` then drives it. */
  kingdee?: Partial<KingdeeSandboxOptions>;
  env?: Record<string, string>;
  /** Workflow timing on top of the fast defaults (e.g. fewer transient failures before the chat hears of them). */
  timing?: BotOverrides['timing'];
  /** jumdata client options on top of the harness's short retry budget. */
  provider?: BotOverrides['provider'];
  /** The bot's logger (default silent, or debug with E2E_LOG=1). */
  logger?: Logger;
  /** The Feishu receiver's clock (replay window). */
  feishuNow?: () => number;
  /** The bot's clock (store, jobs, workflows); default the wall clock. */
  now?: () => number;
  /**
   * The bot's clock, timers and cron tasks included, the simulator's (unless `sandbox.now` says otherwise) and the
   * fake Feishu's: `h.advance` moves them all at once.
   */
  clock?: TestClock;
}

export interface Harness {
  feishu: FakeFeishu;
  sandbox: RunningSandbox;
  /** The Kingdee simulator, when the harness runs the bot on Kingdee. */
  kingdee?: RunningKingdeeSandbox;
  bot: RunningBot;
  /** The bot's DATA_DIR, kept across restarts. */
  dataDir: string;
  /**
   * A group member (default the clerk) types `text`, mentioning the bot, in `chatId` (default CHAT); `mentions` are
   * further people mentioned after the text (`审批人 添加 @张三`).
   */
  say(text: string, options?: SayOptions): Promise<{ status: number; json: any }>;
  /**
   * Someone clicks the button labelled `buttonText` on a card the bot sent (as it shows now). A button inside a form
   * submits the form like the Feishu client does: `formValue` is what they typed; when a required input stays empty
   * nothing is sent and `refused` lists those inputs.
   */
  click(
    message: FakeFeishuMessage,
    buttonText: string,
    options?: { userId?: string; eventId?: string; formValue?: Record<string, unknown> },
  ): Promise<{ status: number; json: any; refused?: string[] }>;
  /**
   * Moves the test clock (the `clock` option) forward, for the bot and its surroundings alike, and waits for what
   * came due — a cron run, a poll — to finish.
   */
  advance(ms: number): Promise<void>;
  /** The simulator's control routes (`scan`, `advance`, `invoices`, `calls`…): Kingdee's when the bot runs on it. */
  control(route: string, body?: unknown): Promise<any>;
  /** Waits for a text message in the group (default CHAT) containing `fragment`. */
  text(fragment: string, chatId?: string): Promise<FakeFeishuMessage>;
  /** Waits for a card in the group (default CHAT) whose title contains `fragment` (as first sent). */
  card(fragment: string, chatId?: string): Promise<FakeFeishuMessage>;
  /** Waits for a card in the group whose text (as first sent) contains `fragment`. */
  cardWith(fragment: string): Promise<FakeFeishuMessage>;
  texts(): string[];
  /** Stops the bot (timers and server) and starts it again on the same data directory; `between` runs while it is down. */
  restart(between?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** The environment `npm start` reads for the tax side, pointed at the simulator and `dataDir`; no chat platform. */
export function providerEnv(sandbox: RunningSandbox, dataDir: string): Record<string, string> {
  return {
    PORT: '0',
    DATA_DIR: dataDir,
    TAX_PROVIDER: 'jumdata',
    JUMDATA_APP_ID: 'jd-e2e',
    JUMDATA_APP_SECRET: 'jd-e2e-secret',
    JUMDATA_BASE_URL: sandbox.url,
    TAX_NSRSBH: SELLER.nsrsbh,
    TAX_DQ: SELLER.dq,
    TAX_GRYHM: SELLER.gryhm,
    TAX_PASSWORD: 'bureau-password',
    TAX_PHONE: SELLER.phone,
  };
}

/**
 * Cron times for a harness whose clock the test does not move: once a day, twelve hours from now, so no scheduled
 * check runs by itself in the middle of a test. With the defaults (every 5 and 10 minutes of the wall clock) a test
 * that counted provider calls around one command now and then also counted the check's own calls.
 */
export function cronsOutOfTheWay(options: HarnessOptions): Record<string, string> {
  if (options.clock) return {};
  const later = new Date(Date.now() + 12 * 60 * 60_000);
  const daily = `${later.getMinutes()} ${later.getHours()} * * *`;
  return { EXPIRY_CHECK_CRON: daily, CONFIRMATION_CHECK_CRON: daily };
}

/** The environment `npm start` reads, pointed at the fake Feishu, the simulator and `dataDir`. */
export function botEnv(feishu: FakeFeishu, sandbox: RunningSandbox, dataDir: string): Record<string, string> {
  return {
    ...providerEnv(sandbox, dataDir),
    FEISHU_APP_ID: feishu.appId,
    FEISHU_APP_SECRET: feishu.appSecret,
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    FEISHU_DOMAIN: feishu.url,
  };
}

export const KINGDEE_CREDENTIALS = { clientId: 'kd-e2e', clientSecret: 'kd-e2e-secret', encryptKey: 'kdE2eAesKey16B!!' };

/** The variables that move the bot from jumdata to Kingdee's simulator. */
export function kingdeeEnv(kingdee: RunningKingdeeSandbox): Record<string, string> {
  return {
    TAX_PROVIDER: 'kingdee',
    KINGDEE_CLIENT_ID: KINGDEE_CREDENTIALS.clientId,
    KINGDEE_CLIENT_SECRET: KINGDEE_CREDENTIALS.clientSecret,
    KINGDEE_ENCRYPT_KEY: KINGDEE_CREDENTIALS.encryptKey,
    KINGDEE_BASE_URL: kingdee.url,
  };
}

export interface SayOptions {
  userId?: string;
  eventId?: string;
  chatId?: string;
  /** A one-to-one chat with the bot (`chatId` is then that chat's id): no mention needed. */
  p2p?: boolean;
  /** People mentioned after the text, as the Feishu client shows them. */
  mentions?: Array<{ openId: string; name: string }>;
}

/** The event of a group member (default the clerk) typing `text` in the group, mentioning the bot. */
export function groupMessage(
  feishu: FakeFeishu,
  text: string,
  { userId = CLERK, eventId, chatId = CHAT, mentions, p2p }: SayOptions = {},
): Record<string, unknown> {
  return messageEvent({
    chatId,
    chatType: p2p ? 'p2p' : 'group',
    userId,
    text,
    mentionBot: !p2p,
    botOpenId: feishu.botOpenId,
    botName: feishu.botName,
    mentionOthers: mentions,
    eventId,
    verificationToken: VERIFICATION_TOKEN,
    appId: feishu.appId,
  });
}

/** The event of someone (default the clerk) clicking the button labelled `buttonText` on a card the bot sent. */
export function cardClick(
  feishu: FakeFeishu,
  message: FakeFeishuMessage,
  buttonText: string,
  { userId = CLERK, eventId, formValue }: { userId?: string; eventId?: string; formValue?: Record<string, unknown> } = {},
): Record<string, unknown> {
  return clickEvent(message, buttonText, { userId, eventId, formValue, verificationToken: VERIFICATION_TOKEN, appId: feishu.appId });
}

/** What the bot talks to: the fake Feishu, the simulator, and an empty data directory; `env` points the bot at them. */
export interface Surroundings {
  feishu: FakeFeishu;
  sandbox: RunningSandbox;
  kingdee?: RunningKingdeeSandbox;
  dataDir: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startSurroundings(options: HarnessOptions = {}): Promise<Surroundings> {
  const clock = options.clock;
  const feishu = await startFakeFeishu({
    appId: `cli_e2e_${Math.random().toString(36).slice(2)}`,
    appSecret: 'feishu-secret',
    // Its hour of uuid dedupe passes as the test moves the clock, so a repeated post would show.
    ...(clock && { now: () => clock.now() }),
  });
  const sandbox = await startSandbox({
    appId: 'jd-e2e',
    appSecret: 'jd-e2e-secret',
    smsRequired: true,
    ...(clock && { now: () => clock.now() }),
    ...options.sandbox,
  });
  const kingdee = options.kingdee ? await startKingdeeSandbox({ ...KINGDEE_CREDENTIALS, ...options.kingdee }) : undefined;
  const temp = await makeTempDir('fapiao-e2e-');
  return {
    feishu,
    sandbox,
    kingdee,
    dataDir: temp.dir,
    env: {
      ...botEnv(feishu, sandbox, temp.dir),
      ...cronsOutOfTheWay(options),
      ...(kingdee ? kingdeeEnv(kingdee) : {}),
      ...options.env,
    },
    async close() {
      await kingdee?.close();
      await sandbox.close();
      await feishu.close();
      await temp.remove();
    },
  };
}

/** What the tests change in the bot: fast workflow timing, a short provider retry budget, a quiet logger, clocks. */
export function botOverrides(options: HarnessOptions): BotOverrides {
  return {
    logger: options.logger ?? createLogger(process.env.E2E_LOG === '1' ? 'debug' : 'silent'),
    feishuNow: options.feishuNow,
    now: options.now,
    clock: options.clock,
    timing: { ...FAST_TIMING, ...options.timing },
    host: '127.0.0.1',
    provider: { retryBaseDelayMs: 10, retryMaxDelayMs: 50, retryBudgetMs: 2_000, ...options.provider },
  };
}

/** One of the simulator's control routes (`scan`, `advance`, `invoices`, `calls`…): GET without a body, else POST. */
export async function sandboxControl(sandbox: { url: string }, route: string, body?: unknown): Promise<any> {
  const response = await fetch(`${sandbox.url}/__sandbox/${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const surroundings = await startSurroundings(options);
  const { feishu, sandbox, kingdee } = surroundings;
  const config = loadConfig(surroundings.env);
  const overrides = botOverrides(options);
  let bot = await startBot(config, overrides);

  const post = (payload: unknown) =>
    deliver(`${bot.url}/feishu/webhook`, signedEvent(payload, { encryptKey: ENCRYPT_KEY }));

  const groupMessages = (chatId = CHAT) => feishu.messagesIn(chatId);
  const textOf = (message: FakeFeishuMessage) => String(message.content?.text ?? '');

  const harness: Harness = {
    feishu,
    sandbox,
    kingdee,
    dataDir: surroundings.dataDir,
    get bot() {
      return bot;
    },
    say(text, options) {
      return post(groupMessage(feishu, text, options));
    },
    async click(message, buttonText, { userId = CLERK, eventId, formValue } = {}) {
      const press = pressButton(message.content, buttonText, formValue);
      if (!press.sent) return { status: 0, json: undefined, refused: press.missingRequired };
      return post(
        cardActionEvent({
          chatId: message.chatId,
          messageId: message.messageId,
          value: press.value,
          formValue: press.formValue,
          userId,
          eventId,
          verificationToken: VERIFICATION_TOKEN,
          appId: feishu.appId,
        }),
      );
    },
    async advance(ms) {
      if (!options.clock) throw new Error('advance needs the harness clock option');
      options.clock.advance(ms);
      await bot.idle();
    },
    control: (route, body) => sandboxControl(kingdee ?? sandbox, route, body),
    text: (fragment, chatId) =>
      feishu.waitFor(() => groupMessages(chatId).find((m) => m.msgType === 'text' && textOf(m).includes(fragment)), 15_000),
    card: (fragment, chatId) =>
      feishu.waitFor(
        () => groupMessages(chatId).find((m) => m.msgType === 'interactive' && cardTitle(m.originalContent).includes(fragment)),
        15_000,
      ),
    cardWith: (fragment) =>
      feishu.waitFor(
        () => groupMessages().find((m) => m.msgType === 'interactive' && cardText(m.originalContent).includes(fragment)),
        15_000,
      ),
    texts: () => groupMessages().filter((m) => m.msgType === 'text').map(textOf),
    async restart(between) {
      await bot.close();
      await between?.();
      bot = await startBot(config, overrides);
    },
    async close() {
      await bot.close();
      await surroundings.close();
    },
  };
  return harness;
}

/** Logs the seller in through the chat (登录 → SMS code → 验证码). */
export async function logInThroughChat(harness: Harness): Promise<void> {
  await harness.say('登录');
  await harness.text('短信验证码已发送');
  await harness.say('验证码 123456');
  await harness.text('税局登录成功');
}

export { cardText, cardTitle };
