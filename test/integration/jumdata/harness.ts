/** Shared set-up of the jumdata client tests: a real simulator on loopback, a client with a fake back-off clock. */
import type { Logger } from 'pino';
import { expect } from 'vitest';
import { control } from '../../helpers/sandbox-control.js';
import { createJumdataProvider, type JumdataProviderOptions } from '../../../src/api/jumdata/client.js';
import {
  ProviderError,
  type InvoiceDraft,
  type ProviderErrorCategory,
  type ProviderErrorCode,
  type TaxAccount,
  type TaxProvider,
} from '../../../src/api/provider.js';
import { startSandbox, type RunningSandbox } from '../../../src/api/sandbox/index.js';
import type { SandboxOptions } from '../../../src/api/sandbox/index.js';

export const APP_ID = 'app-test-4711';
export const APP_SECRET = 'secret-do-not-log-9f3a';
export const SMS_CODE = '739184';

export const ACCOUNT: TaxAccount = {
  nsrsbh: '91330106MA2KXN4X3X',
  dq: '330000',
  gryhm: '13800000001',
  password: 'Pa55word-never-logged',
  phone: '13800000001',
};

export async function sandbox(options: Partial<SandboxOptions> = {}): Promise<RunningSandbox> {
  return startSandbox({ appId: APP_ID, appSecret: APP_SECRET, smsCode: SMS_CODE, ...options });
}

export interface TestClient {
  provider: TaxProvider;
  /** Every back-off wait the client asked for, in ms (nothing really waits). */
  slept: number[];
  /** The client's clock; only the fake sleeps move it beyond real time. */
  now: () => number;
}

/** A client whose back-off sleeps only advance its own clock, so budgets are spent in no real time. */
export function client(baseUrl: string, overrides: Partial<JumdataProviderOptions> = {}): TestClient {
  let offset = 0;
  const slept: number[] = [];
  const now = (): number => Date.now() + offset;
  const provider = createJumdataProvider({
    baseUrl,
    appId: APP_ID,
    appSecret: APP_SECRET,
    name: 'sandbox',
    now,
    sleep: async (ms) => {
      slept.push(ms);
      offset += ms;
    },
    connectTimeoutMs: 2_000,
    responseTimeoutMs: 10_000,
    ...overrides,
  });
  return { provider, slept, now };
}


export interface CallEntry {
  path: string;
  code: number;
  charge: boolean;
  params: Record<string, string>;
}

export function calls(base: string, path?: string): Promise<CallEntry[]> {
  return control<CallEntry[]>(base, path ? `calls?path=${encodeURIComponent(path)}` : 'calls');
}

/** SMS login, as a user would do it. */
export async function logIn(provider: TaxProvider, account: TaxAccount = ACCOUNT): Promise<void> {
  const started = await provider.login(account);
  if (started.status === 'sms_sent') await provider.verifyLoginCode(account, started.smsTaskId, SMS_CODE);
}

/** Login plus a passed face scan: ready to issue. */
export async function ready(provider: TaxProvider, base: string, account: TaxAccount = ACCOUNT): Promise<void> {
  await logIn(provider, account);
  const challenge = await provider.startFaceAuth(account, 'tax_bureau');
  await control(base, 'scan', { authId: challenge.authId });
  expect(await provider.faceAuthResult(account, challenge.authId, 'tax_bureau')).toBe('passed');
}

export function draft(overrides: Partial<InvoiceDraft> = {}): InvoiceDraft {
  return {
    kind: 'normal',
    buyer: { name: '杭州测试科技有限公司', taxId: '91330106MA2KXN4X3X', naturalPerson: false },
    lines: [
      { name: '技术服务费', ratePermille: 60, grossFen: 106000, taxFen: 6000, netFen: 100000 },
      { name: '咨询费', ratePermille: 60, grossFen: 53000, taxFen: 3000, netFen: 50000, quantity: '2', unit: '次' },
    ],
    remark: '十月服务',
    netFen: 150000,
    taxFen: 9000,
    grossFen: 159000,
    ...overrides,
  };
}

/** Today in China time, `YYYY-MM-DD`, for query ranges. */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Awaits a rejection and checks it is a ProviderError of this code and category. */
export async function expectProviderError(
  promise: Promise<unknown>,
  code: ProviderErrorCode,
  category: ProviderErrorCategory,
): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  const providerError = error as ProviderError;
  expect({ code: providerError.code, category: providerError.category }).toEqual({ code, category });
  return providerError;
}

export type { Logger };

/** The simulator control call, for the tests that import this harness. */
export { control };
