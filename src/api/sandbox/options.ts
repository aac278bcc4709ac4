export type RedMode = 'immediate' | 'seller_confirm' | 'confirmation';

/** What a sandbox can be told; every field but the credentials has a default (see resolveOptions). */
export interface SandboxOptions {
  appId: string;
  appSecret: string;
  /** The SMS code login/verify accepts. Default '123456'. */
  smsCode?: string;
  /** Default true: login/submit answers 202 + SMS task id; false: 200 and logged in at once. */
  smsRequired?: boolean;
  /** Default 2 h; a token never outlives its login. */
  tokenTtlMs?: number;
  /** Default 24 h. */
  loginTtlMs?: number;
  /** Default 24 h from the scan. */
  faceAuthTtlMs?: number;
  /** Default 5 min: an unscanned QR then answers 312. */
  qrTtlMs?: number;
  /** Default null: a QR passes only via the control route; a number = it passes by itself after that long. */
  faceAutoPassMs?: number | null;
  /** Default 0: how long blue submit / red issuing answers 202 before 200. */
  issueDelayMs?: number;
  /**
   * Default 'immediate': red submit issues at once (01 and the number). 'seller_confirm': it enters a confirmation
   * (01, uuid, no number) that this side must issue (confirm czlx 1, then issueDelayMs of 202) or cancel (czlx 3).
   * 'confirmation': it waits for the buyer (02).
   */
  redMode?: RedMode;
  /** Default false: true answers a red submit that issued at once with the document's own sample, `data: {}`. */
  redSubmitEmptyData?: boolean;
  /** Default 5 min: how far `timestamp` may be from the wall clock. */
  timestampWindowMs?: number;
  /** Base of qrcodeImageUrl and download URLs; default the listening URL (or the request's origin when mounted). */
  publicUrl?: string;
  /** Clock of the simulated bureau, default Date.now; /__sandbox/advance adds an offset on top. */
  now?: () => number;
  /** Login names (gryhm) the bureau does not know: login/submit answers 301. 'unknown' always is one. */
  unknownAccounts?: string[];
}

export interface ResolvedSandboxOptions {
  appId: string;
  appSecret: string;
  smsCode: string;
  smsRequired: boolean;
  tokenTtlMs: number;
  loginTtlMs: number;
  faceAuthTtlMs: number;
  qrTtlMs: number;
  faceAutoPassMs: number | null;
  issueDelayMs: number;
  redMode: RedMode;
  redSubmitEmptyData: boolean;
  timestampWindowMs: number;
  publicUrl: string | undefined;
  now: () => number;
  unknownAccounts: ReadonlySet<string>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function resolveOptions(options: SandboxOptions): ResolvedSandboxOptions {
  if (!options.appId || !options.appSecret) throw new Error('sandbox: appId and appSecret are required');
  return {
    appId: options.appId,
    appSecret: options.appSecret,
    smsCode: options.smsCode ?? '123456',
    smsRequired: options.smsRequired ?? true,
    tokenTtlMs: options.tokenTtlMs ?? 2 * HOUR,
    loginTtlMs: options.loginTtlMs ?? 24 * HOUR,
    faceAuthTtlMs: options.faceAuthTtlMs ?? 24 * HOUR,
    qrTtlMs: options.qrTtlMs ?? 5 * MINUTE,
    faceAutoPassMs: options.faceAutoPassMs ?? null,
    issueDelayMs: options.issueDelayMs ?? 0,
    redMode: options.redMode ?? 'immediate',
    redSubmitEmptyData: options.redSubmitEmptyData ?? false,
    timestampWindowMs: options.timestampWindowMs ?? 5 * MINUTE,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    now: options.now ?? Date.now,
    unknownAccounts: new Set(['unknown', ...(options.unknownAccounts ?? [])]),
  };
}
