/**
 * The load generator's handle on one running bot: its webhook, and the fake Feishu's view of what it sent back.
 * Chat-level steps (say, click, wait for a card or a text) are built from these.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'undici';
import { cardClick, chatMessage, CONFIRM_BUTTON } from './feishu-events.js';
import { openPool, post } from './load-generator.js';
import type { MessageQuery, SeenMessage } from './message-watch.js';
import { WEBHOOK_PATH, type FakesChild, type ServerChild } from './processes.js';

export const PREVIEW_TITLE = '开票预览';
export const INVOICE_DELIVERED = '发票已开具';

export interface BotClient {
  fakes: FakesChild;
  bot: ServerChild;
  pool: Pool;
  origin: string;
  say(chatId: string, text: string): ReturnType<typeof post>;
  confirm(preview: SeenMessage): ReturnType<typeof post>;
  waitFor(query: Omit<MessageQuery, 'timeoutMs'> & { timeoutMs?: number }): Promise<SeenMessage[]>;
  /**
   * Until the bot has handled every delivery it acknowledged and the fake platform has received nothing new for
   * `quietMs` (the bot has finished its replies), so the next run starts on a quiet machine; at most `maxMs`, so a
   * bot far behind cannot stall the bench.
   */
  settle(quietMs?: number, maxMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function connectToBot(fakes: FakesChild, bot: ServerChild, connections = 128): BotClient {
  const origin = `http://127.0.0.1:${bot.ready.port}`;
  const pool = openPool({ origin, path: WEBHOOK_PATH, connections });
  const feishu = fakes.ready.feishu;
  return {
    fakes,
    bot,
    pool,
    origin,
    say: (chatId, text) => post(pool, WEBHOOK_PATH, chatMessage(feishu, chatId, text)),
    confirm: (preview) => post(pool, WEBHOOK_PATH, cardClick(feishu, preview, CONFIRM_BUTTON)),
    waitFor: ({ timeoutMs = 30_000, ...query }) =>
      fakes.call<SeenMessage[]>('waitForMessages', { ...query, timeoutMs }, timeoutMs + 5_000),
    async settle(quietMs = 500, maxMs = 120_000) {
      const deadline = Date.now() + maxMs;
      let last = -1;
      for (;;) {
        const [count, backlog] = await Promise.all([fakes.call<number>('messageCount'), bot.call<number>('backlog')]);
        if ((count === last && backlog === 0) || Date.now() > deadline) return;
        last = count;
        await sleep(quietMs);
      }
    },
    close: () => pool.close(),
  };
}

/** 登录 (the simulator is set to need no SMS code), then 认证 (its QR passes by itself): ready to issue. */
export async function logInSeller(client: BotClient, chatId: string): Promise<void> {
  await client.say(chatId, '登录');
  await client.waitFor({ chatId, kind: 'text', fragment: '税局登录成功', count: 1 });
  await client.say(chatId, '认证');
  await client.waitFor({ chatId, kind: 'text', fragment: '人脸认证已通过', count: 1 });
}
