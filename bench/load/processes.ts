/**
 * Starting the three kinds of server child (bot, bare route, fakes) and what each says when it is ready.
 * Every child listens on 127.0.0.1, port 0.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SandboxOptions } from '../../src/api/sandbox/index.js';
import { startChild, type RunningChild } from './child-rpc.js';
import { ENCRYPT_KEY, SELLER, VERIFICATION_TOKEN } from './feishu-events.js';

export const BARE_PATH = '/bare';
export const WEBHOOK_PATH = '/feishu/webhook';

export interface ServerReady {
  port: number;
}

export interface FakesReady {
  feishu: { url: string; appId: string; appSecret: string; botOpenId: string; botName: string };
  sandbox: { url: string; appId: string; appSecret: string };
}

export type ServerChild = RunningChild<ServerReady>;
export type FakesChild = RunningChild<FakesReady>;

export function startFakesProcess(sandbox: Partial<SandboxOptions>): Promise<FakesChild> {
  return startChild<FakesReady>(new URL('./fakes-process.ts', import.meta.url), { BENCH_FAKES_OPTIONS: JSON.stringify(sandbox) });
}

export function startBareProcess(): Promise<ServerChild> {
  return startChild<ServerReady>(new URL('./bare-process.ts', import.meta.url));
}

/** The real bot, configured like the end-to-end harness: jumdata against the simulator, Feishu against the fake. */
export async function startBotProcess(fakes: FakesReady): Promise<ServerChild> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fapiao-bench-'));
  const env = {
    DATA_DIR: dataDir,
    TAX_PROVIDER: 'jumdata',
    JUMDATA_APP_ID: fakes.sandbox.appId,
    JUMDATA_APP_SECRET: fakes.sandbox.appSecret,
    JUMDATA_BASE_URL: fakes.sandbox.url,
    TAX_NSRSBH: SELLER.nsrsbh,
    TAX_DQ: SELLER.dq,
    TAX_GRYHM: SELLER.gryhm,
    TAX_PASSWORD: 'bench-bureau-password',
    TAX_PHONE: SELLER.phone,
    FEISHU_APP_ID: fakes.feishu.appId,
    FEISHU_APP_SECRET: fakes.feishu.appSecret,
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    FEISHU_DOMAIN: fakes.feishu.url,
  };
  return startChild<ServerReady>(new URL('./bot-process.ts', import.meta.url), { BENCH_BOT_ENV: JSON.stringify(env) });
}
