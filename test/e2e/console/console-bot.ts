/**
 * The bot as `npm start` runs it on a fresh machine — sandbox mode, no chat platform, so the web chat is on — in a
 * temporary DATA_DIR on a free port, with fast polls. Speaks to the console over HTTP like the page does.
 */
import { randomBytes } from 'node:crypto';
import { startBot, type BotOverrides, type RunningBot } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const FAST: BotOverrides = {
  timing: {
    jobPoll: { initialMs: 20, maxMs: 100, factor: 1.5 },
    jobRetry: { initialMs: 50, maxMs: 200, factor: 2 },
    faceAuthPoll: { initialMs: 20, maxMs: 100, factor: 1.5 },
    confirmationWatch: { initialMs: 20, maxMs: 100, factor: 1.5 },
  },
  provider: { retryBaseDelayMs: 10, retryMaxDelayMs: 50, retryBudgetMs: 2_000 },
  host: '127.0.0.1',
};

export interface PageMessage {
  id: string;
  rev: number;
  from?: { id: string; name: string };
  text?: string;
  imageUrl?: string;
  card?: { title: string; image?: { url: string }; buttons?: Array<{ text: string; value: Record<string, string> }>; form?: { submit: { text: string; value: Record<string, string> } } };
}

export interface ConsoleBot {
  bot: RunningBot;
  url: string;
  say(text: string, user?: string): Promise<Response>;
  click(cardMessageId: string, value: Record<string, string>, options?: { user?: string; id?: string; form?: Record<string, string> }): Promise<Response>;
  messages(): Promise<PageMessage[]>;
  /** Waits until a message matching `test` is in the conversation; returns it. */
  waitFor(test: (message: PageMessage) => boolean, what: string): Promise<PageMessage>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export const deliveryId = () => randomBytes(8).toString('hex');

export async function startConsoleBot(env: Record<string, string> = {}): Promise<ConsoleBot> {
  const dataDir = await makeTempDir('fapiao-console-');
  const config = loadConfig({ DATA_DIR: dataDir.dir, PORT: '0', ...env });
  const logger = createLogger(process.env.E2E_LOG === '1' ? 'debug' : 'silent');
  let bot = await startBot(config, { ...FAST, logger });
  const post = (path: string, body: unknown) =>
    fetch(`${bot.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const messages = async () => (await (await fetch(`${bot.url}/console/api/messages`)).json()) as PageMessage[];
  const handle: ConsoleBot = {
    bot,
    get url() {
      return bot.url;
    },
    say: (text, user = 'wang') => post('/console/api/messages', { id: deliveryId(), user, text }),
    click: (cardMessageId, value, options = {}) =>
      post('/console/api/actions', { id: options.id ?? deliveryId(), user: options.user ?? 'wang', cardMessageId, value, form: options.form }),
    messages,
    async waitFor(test, what) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const found = (await messages()).find(test);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no message ${what} in:\n${JSON.stringify(await messages(), null, 1).slice(0, 4000)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async restart() {
      await bot.close();
      bot = await startBot(config, { ...FAST, logger });
      handle.bot = bot;
    },
    async close() {
      await bot.close();
      await dataDir.remove();
    },
  };
  return handle;
}
