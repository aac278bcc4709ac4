/** Building the SDK client the sender uses, and asking the platform who the bot is. */
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import { createSdkLogger } from './sdk-logger.js';
import { pino } from 'pino';
import { feishuHttp } from './http-instance.js';
import { callFeishu, FeishuApiError, type FeishuCallContext } from './feishu-call.js';

export interface FeishuClientOptions {
  appId: string;
  appSecret: string;
  /** `https://open.feishu.cn`, or a test fake's `http://127.0.0.1:PORT` (no trailing slash). */
  domain: string;
  logger?: Logger;
}

/**
 * A client with its own token cache: the SDK's default cache is process-wide and keyed by appId only, so two clients
 * for the same app id (tests, or a fake and a real domain) would otherwise hand each other's tokens around.
 * It sends through undici (http-instance.ts). Without a pino logger the SDK stays silent (its default logger prints
 * to the console, secrets included).
 */
export function createFeishuClient(options: FeishuClientOptions): lark.Client {
  return new lark.Client({
    appId: options.appId,
    appSecret: options.appSecret,
    domain: options.domain.replace(/\/+$/, ''),
    appType: lark.AppType.SelfBuild,
    cache: new lark.DefaultCache(),
    loggerLevel: lark.LoggerLevel.warn,
    logger: options.logger ? createSdkLogger(options.logger, 'debug') : silentSdkLogger,
    httpInstance: feishuHttp,
  });
}

/** Forgets the cached tenant token so the next call fetches a new one (after the platform rejected it). */
export async function clearTenantToken(client: lark.Client): Promise<void> {
  // An already expired entry reads as absent in any SDK cache implementation.
  await client.cache.set(lark.CTenantAccessToken, undefined, 1, { namespace: client.appId });
}

export interface BotInfo {
  openId: string;
  name: string;
}

type BotInfoBody = { code?: number; msg?: string; bot?: { open_id?: string; app_name?: string } };

/** `GET /open-apis/bot/v3/info`: the bot's own open_id, to tell mentions of the bot from mentions of others. */
export async function fetchBotInfo(client: lark.Client, logger?: Logger): Promise<BotInfo> {
  const context = callContext(client, logger);
  // The bot info answer carries `bot` at the top level, not under `data`.
  const body = (await callFeishu(context, 'bot.info', () =>
    client.request<BotInfoBody>({ method: 'GET', url: '/open-apis/bot/v3/info' }),
  )) as BotInfoBody;
  if (!body.bot?.open_id) throw new FeishuApiError('bot.info', { code: body.code, msg: 'no open_id in answer' });
  return { openId: body.bot.open_id, name: body.bot.app_name ?? '' };
}

/** How the client's own calls (not the sender's paced ones) meet rate limits and rejected tokens. */
export function callContext(client: lark.Client, logger?: Logger, maxRetries = 3): FeishuCallContext {
  return {
    client,
    logger: logger ?? pino({ level: 'silent' }),
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    maxRetries,
    clearToken: () => clearTenantToken(client),
  };
}

export async function fetchBotOpenId(client: lark.Client, logger?: Logger): Promise<string> {
  return (await fetchBotInfo(client, logger)).openId;
}

const noop = (): void => {};
const silentSdkLogger: lark.Logger = { error: noop, warn: noop, info: noop, debug: noop, trace: noop };
