import { createHash } from 'node:crypto';
import { JUMDATA_PATH_PREFIX, type JumdataEnvelope } from '../../../src/api/jumdata/wire.js';
import { startSandbox, type SandboxOptions } from '../../../src/api/sandbox/index.js';

export const APP_ID = 'sandbox-app';
export const APP_SECRET = 'sandbox-secret-0123456789';
export const ACCOUNT = { nsrsbh: '91330105MA2KXN4300', dq: '330000', gryhm: '13800000001' } as const;

/** Signed the document's way, written out here rather than imported, so the simulator's own signing is tested too. */
export function sign(appId: string, secret: string, timestamp: string): string {
  return createHash('sha256').update(appId + secret + timestamp).digest('hex');
}

export interface SignOverrides {
  appId?: string;
  secret?: string;
  timestamp?: number;
}

export type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;

/** A sandbox on 127.0.0.1:0 plus callers for the wire and the control routes. */
export async function startTestSandbox(options: Partial<SandboxOptions> = {}) {
  const sandbox = await startSandbox({ appId: APP_ID, appSecret: APP_SECRET, ...options });

  async function call<T = any>(path: string, params: Record<string, string>, overrides: SignOverrides = {}) {
    const appId = overrides.appId ?? APP_ID;
    const timestamp = String(overrides.timestamp ?? Date.now());
    const form = new URLSearchParams({ ...params, appId, timestamp, sign: sign(appId, overrides.secret ?? APP_SECRET, timestamp) });
    const response = await fetch(`${sandbox.url}${JUMDATA_PATH_PREFIX}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    if (response.status !== 200) throw new Error(`HTTP ${response.status} on ${path}`);
    return (await response.json()) as JumdataEnvelope<T>;
  }

  async function control<T = any>(route: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${sandbox.url}/__sandbox/${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  /** login/submit → login/verify (SMS on) → login/token; the token. */
  async function logIn(account: Record<string, string> = ACCOUNT): Promise<string> {
    const submitted = await call('login/submit', { ...account, sflx: '03', gryhmm: 'pw', sjhm: '13800000000' });
    if (submitted.code === 202) {
      const verified = await call('login/verify', {
        ...account,
        validateCodeSmsTaskId: submitted.data.validateCodeSmsTaskId,
        smsCode: options.smsCode ?? '123456',
      });
      if (verified.code !== 200) throw new Error(`verify: ${verified.code} ${verified.msg}`);
    } else if (submitted.code !== 200) {
      throw new Error(`login: ${submitted.code} ${submitted.msg}`);
    }
    const token = await call('login/token', account);
    return token.data.token as string;
  }

  /** A session call for ACCOUNT with `token`. */
  function business<T = any>(path: string, token: string, params: Record<string, string> = {}) {
    return call<T>(path, { ...ACCOUNT, token, ...params });
  }

  /** Logged in and face-authenticated: the token. */
  async function ready(): Promise<string> {
    const token = await logIn();
    const qr = await business('auth/qrcode', token, { app: '2' });
    await control('scan', { authId: qr.data.authId });
    return token;
  }

  return { ...sandbox, call, control, logIn, business, ready };
}

/** A valid invoiceData: one 6% tax-exclusive line per amount in fen. */
export function invoiceData(
  netFen: number[] = [10_000],
  buyer: Record<string, string> = { gmfmc: '杭州买方科技有限公司', gmfnsrsbh: '91330106MA2B00001X' },
): string {
  const lines = netFen.map((net, index) => ({ net, tax: Math.round((net * 6) / 100), xh: index + 1 }));
  const totalNet = lines.reduce((total, line) => total + line.net, 0);
  const totalTax = lines.reduce((total, line) => total + line.tax, 0);
  return JSON.stringify({
    fplxdm: '82',
    ...buyer,
    gmfzrrbz: 'N',
    hjje: yuan(totalNet),
    hjse: yuan(totalTax),
    jshj: yuan(totalNet + totalTax),
    mxList: lines.map((line) => ({
      xh: line.xh,
      fphxz: '0',
      spmc: `*信息技术服务*服务${line.xh}`,
      je: yuan(line.net),
      slv: '0.06',
      se: yuan(line.tax),
      hsbz: '0',
    })),
  });
}

/** Fen → "12.34" with integer maths only. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const HOUR = 60 * 60 * 1000;
