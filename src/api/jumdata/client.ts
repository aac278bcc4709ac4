/** The jumdata v3 provider: composes transport, retry, session and the call groups into a TaxProvider. */
import { pino, type Logger } from 'pino';
import type { TaxProvider } from '../provider.js';
import { retryPolicyFrom } from '../shared/retry.js';
import * as confirmations from './confirmation-calls.js';
import type { CallContext, Lifetimes } from './context.js';
import { JumdataHttp } from './http.js';
import * as invoices from './invoice-calls.js';
import * as logins from './login-calls.js';
import { withRetry } from './retry.js';
import { JumdataSession, type Send } from './session.js';
import { DEFAULT_LOGIN_IDENTITY_TYPE, JUMDATA_PATHS } from './wire.js';

export interface JumdataProviderOptions {
  /** e.g. `https://api.jumdata.com`; the client appends `/tax/v3/makeout/<path>`. */
  baseUrl: string;
  appId: string;
  appSecret: string;
  /** Default: silent. Secrets are redacted before anything reaches it. */
  logger?: Logger;
  /** How long one call may keep retrying 500/501/606/609 and network errors. Default 60 s. */
  retryBudgetMs?: number;
  /** Default 5 s. */
  connectTimeoutMs?: number;
  /** Headers and body timeout of one HTTP call. Default 30 s. */
  responseTimeoutMs?: number;
  /** Back-off sleep; tests pass one that only advances their clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock of the retry budget and of token / login expiry; never of the request signature. */
  now?: () => number;
  name?: 'jumdata' | 'sandbox';
  /** Stop using a token this long before its expiry. Default 60 s. */
  tokenMarginMs?: number;
  /** Lifetimes assumed when an answer carries no expireTime. */
  lifetimes?: Partial<Lifetimes>;
  /** `sflx` of login/submit. Default DEFAULT_LOGIN_IDENTITY_TYPE ('03' 办税员). */
  loginIdentityType?: string;
  /** Back-off shape; tests make it deterministic. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  random?: () => number;
}

const HOUR = 3_600_000;

export function createJumdataProvider(options: JumdataProviderOptions): TaxProvider {
  const logger = options.logger ?? pino({ level: 'silent' });
  const now = options.now ?? Date.now;
  const http = new JumdataHttp({
    baseUrl: options.baseUrl,
    appId: options.appId,
    appSecret: options.appSecret,
    logger,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    responseTimeoutMs: options.responseTimeoutMs ?? 30_000,
  });
  const policy = retryPolicyFrom(options, now);
  const send: Send = (endpoint, params, sendOptions) =>
    withRetry(() => http.post(JUMDATA_PATHS[endpoint], params), policy, {
      idempotent: sendOptions?.idempotent ?? true,
      logger: logger.child({ provider: 'jumdata', endpoint }),
    });
  const lifetimes: Lifetimes = { tokenMs: 2 * HOUR, loginMs: 24 * HOUR, faceAuthMs: 24 * HOUR, ...options.lifetimes };
  const session = new JumdataSession({
    send,
    now,
    tokenMarginMs: options.tokenMarginMs ?? 60_000,
    defaultTokenTtlMs: lifetimes.tokenMs,
  });
  const ctx: CallContext = {
    send,
    session,
    now,
    lifetimes,
    loginIdentityType: options.loginIdentityType ?? DEFAULT_LOGIN_IDENTITY_TYPE,
  };

  return {
    name: options.name ?? 'jumdata',
    login: (account) => logins.login(ctx, account),
    verifyLoginCode: (account, smsTaskId, code) => logins.verifyLoginCode(ctx, account, smsTaskId, code),
    sessionState: (account) => logins.sessionState(ctx, account),
    refreshToken: (account) => session.refreshToken(account),
    startFaceAuth: (account, app) => logins.startFaceAuth(ctx, account, app),
    faceAuthResult: (account, authId, app) => logins.faceAuthResult(ctx, account, authId, app),
    issueBlue: (account, taskId, draft) => invoices.issueBlue(ctx, account, taskId, draft),
    queryBlue: (account, query) => invoices.queryBlue(ctx, account, query),
    submitRed: (account, request) => invoices.submitRed(ctx, account, request),
    redResult: (account, uuid) => invoices.redResult(ctx, account, uuid),
    queryRed: (account, query) => invoices.queryRed(ctx, account, query),
    listConfirmations: (account) => confirmations.listConfirmations(ctx, account),
    confirmationDetail: (account, uuid) => confirmations.confirmationDetail(ctx, account, uuid),
    actOnConfirmation: (account, uuid, action) => confirmations.actOnConfirmation(ctx, account, uuid, action),
    downloadUrl: (account, number, issuedAt) => invoices.downloadUrl(ctx, account, number, issuedAt),
    stats: () => http.stats(),
    close: () => http.close(),
  };
}
