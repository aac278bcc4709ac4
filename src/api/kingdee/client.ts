/** The Kingdee 发票云 v4 provider: composes transport, AES, token, retry and the call groups into a TaxProvider. */
import { pino, type Logger } from 'pino';
import { ProviderError, ProviderErrorCode, type ProviderCapabilities, type TaxProvider } from '../provider.js';
import { retryPolicyFrom } from '../shared/retry.js';
import * as accounts from './account-calls.js';
import { actionFor } from './codes.js';
import type { KingdeeCall, KingdeeContext } from './context.js';
import { assertEncryptKey, encryptData, tokenSign } from './crypto.js';
import { KingdeeHttp } from './http.js';
import * as invoices from './invoice-calls.js';
import * as reds from './red-calls.js';
import { withKingdeeRetry } from './retry.js';
import { KingdeeToken } from './token.js';
import { KINGDEE_PATHS } from './wire.js';

export interface KingdeeProviderOptions {
  /** e.g. `https://api.piaozone.com`; the client appends the paths of KINGDEE_PATHS. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** 16 bytes as UTF-8: the AES-128 key of every `data` body. */
  encryptKey: string;
  /** Default: silent. No secret, key or token ever reaches it. */
  logger?: Logger;
  /** How long one call may keep retrying transient answers. Default 60 s. */
  retryBudgetMs?: number;
  connectTimeoutMs?: number;
  responseTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Clock of the retry budget and the token expiry. */
  now?: () => number;
  /** Stop using a token this long before its expiry. Default 5 min. */
  tokenMarginMs?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  random?: () => number;
  /** Where the clerk does the face scan (this API gives no QR). */
  faceAuthWhere?: string;
}

export const KINGDEE_CAPABILITIES: ProviderCapabilities = { label: '金蝶发票云', bureauLogin: false };

export const DEFAULT_FACE_AUTH_WHERE =
  '开票员本人在金蝶发票云 App 或金蝶发票云客户端（税局登录所在的电脑）完成人脸认证；金蝶的接口不提供二维码';

const HOUR = 3_600_000;

export function createKingdeeProvider(options: KingdeeProviderOptions): TaxProvider {
  assertEncryptKey(options.encryptKey);
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ provider: 'kingdee' });
  const now = options.now ?? Date.now;
  const http = new KingdeeHttp({
    baseUrl: options.baseUrl,
    logger,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    responseTimeoutMs: options.responseTimeoutMs ?? 30_000,
  });
  const policy = retryPolicyFrom(options, now);
  const token = new KingdeeToken({
    now,
    marginMs: options.tokenMarginMs ?? 5 * 60_000,
    defaultTtlMs: 2 * HOUR,
    fetch: () => {
      // The provider checks the signature against its wall clock: never the injectable test clock.
      const timestamp = String(Date.now());
      const body = { client_id: options.clientId, sign: tokenSign(options.clientId, options.clientSecret, timestamp), timestamp };
      return withKingdeeRetry(() => http.post(KINGDEE_PATHS.token, body), policy, { idempotent: true, logger });
    },
  });

  const call: KingdeeCall = async (endpoint, account, data, callOptions) => {
    const body = { data: encryptData(options.encryptKey, JSON.stringify(data)) };
    const send = async () => {
      const accessToken = await token.get();
      const envelope = await withKingdeeRetry(
        () => http.post(KINGDEE_PATHS[endpoint], body, { access_token: accessToken, taxNo: account.nsrsbh }),
        policy,
        { idempotent: callOptions?.idempotent ?? true, logger: logger.child({ endpoint }) },
      );
      if (actionFor(envelope.errcode).kind === 'refresh_token') token.drop(accessToken);
      return envelope;
    };
    const first = await send();
    if (actionFor(first.errcode).kind !== 'refresh_token') return first;
    // A token refused before it was due: one fresh token and one more try.
    const second = await send();
    if (actionFor(second.errcode).kind !== 'refresh_token') return second;
    throw new ProviderError(ProviderErrorCode.TokenRejected, `新获取的 access_token 仍被拒绝: ${second.description}`, second.errcode);
  };
  const ctx: KingdeeContext = { call, token, now, faceAuthWhere: options.faceAuthWhere ?? DEFAULT_FACE_AUTH_WHERE };

  return {
    name: 'kingdee',
    capabilities: KINGDEE_CAPABILITIES,
    login: (account) => accounts.login(ctx, account),
    verifyLoginCode: () => accounts.verifyLoginCode(),
    sessionState: (account) => accounts.sessionState(ctx, account),
    // The token belongs to the app, not to the bureau account: renewing it needs no login.
    refreshToken: () => token.renew(),
    startFaceAuth: (account, app) => accounts.startFaceAuth(ctx, account, app),
    faceAuthResult: (account) => accounts.faceAuthResult(ctx, account),
    issueBlue: (account, taskId, draft) => invoices.issueBlue(ctx, account, taskId, draft),
    queryBlue: (account, query) => invoices.queryBlue(ctx, account, query),
    submitRed: (account, request) => reds.submitRed(ctx, account, request),
    redResult: (account, uuid) => reds.redResult(ctx, account, uuid),
    queryRed: (account, query) => reds.queryRed(ctx, account, query),
    listConfirmations: (account) => reds.listConfirmations(ctx, account),
    confirmationDetail: (account, uuid) => reds.confirmationDetail(ctx, account, uuid),
    actOnConfirmation: (account, uuid, action) => reds.actOnConfirmation(ctx, account, uuid, action),
    downloadUrl: (account, number, issuedAt) => invoices.downloadUrl(ctx, account, number, issuedAt),
    stats: () => http.stats(),
    close: () => http.close(),
  };
}
