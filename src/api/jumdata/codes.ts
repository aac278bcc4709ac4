/**
 * What the client does with each jumdata return code: the one table (see providers.md). Callers ask `actionFor`
 * and never compare codes themselves, so a code that changes meaning changes here only.
 */
import { ProviderError, ProviderErrorCode, type IssueOutcome } from '../provider.js';
import { JUMDATA_CODE_MESSAGES, JumdataCode, type JumdataCodeValue, type JumdataEnvelope } from './wire.js';

export type CodeAction =
  | { kind: 'ok' }
  /** 202: poll again with the same parameters. */
  | { kind: 'in_progress' }
  /** 303: fetch a new token and repeat the call once. */
  | { kind: 'refresh_token' }
  /** 311: the face scan is not finished yet (auth/result). */
  | { kind: 'face_scan_pending' }
  /** 302: an outcome in issuing calls, `LoginRequired` elsewhere. */
  | { kind: 'needs_login' }
  /** 312 / 315: an outcome in issuing calls, `FaceAuthRequired` elsewhere, 'expired' in auth/result. */
  | { kind: 'needs_face_auth' }
  /** Transient: back off and retry within the budget; then fail with `exhausted`. */
  | { kind: 'retry'; exhausted: ProviderErrorCode.Unavailable | ProviderErrorCode.RateLimited }
  /** Final: no retry. */
  | { kind: 'fail'; error: ProviderErrorCode };

const fail = (error: ProviderErrorCode): CodeAction => ({ kind: 'fail', error });

export const CODE_ACTIONS: Readonly<Record<JumdataCodeValue, CodeAction>> = {
  [JumdataCode.Ok]: { kind: 'ok' },
  [JumdataCode.InProgress]: { kind: 'in_progress' },
  [JumdataCode.AccountUnknown]: fail(ProviderErrorCode.AccountUnknown),
  [JumdataCode.NotLoggedIn]: { kind: 'needs_login' },
  [JumdataCode.TokenExpired]: { kind: 'refresh_token' },
  [JumdataCode.FaceScanPending]: { kind: 'face_scan_pending' },
  [JumdataCode.FaceAuthExpired]: { kind: 'needs_face_auth' },
  [JumdataCode.FaceAuthMissing]: { kind: 'needs_face_auth' },
  [JumdataCode.BureauRefused]: fail(ProviderErrorCode.BureauRefused),
  [JumdataCode.BadParameters]: fail(ProviderErrorCode.BadRequest),
  [JumdataCode.EndpointNotFound]: fail(ProviderErrorCode.EndpointNotFound),
  [JumdataCode.Maintenance]: { kind: 'retry', exhausted: ProviderErrorCode.Unavailable },
  [JumdataCode.BureauError]: { kind: 'retry', exhausted: ProviderErrorCode.Unavailable },
  [JumdataCode.NotEnabled]: fail(ProviderErrorCode.NotEnabled),
  [JumdataCode.AccountDisabled]: fail(ProviderErrorCode.AccountDisabled),
  [JumdataCode.EndpointDisabled]: fail(ProviderErrorCode.NotEnabled),
  [JumdataCode.OverQuota]: { kind: 'retry', exhausted: ProviderErrorCode.RateLimited },
  [JumdataCode.IpNotWhitelisted]: fail(ProviderErrorCode.IpNotWhitelisted),
  [JumdataCode.TooFrequent]: { kind: 'retry', exhausted: ProviderErrorCode.RateLimited },
};

export function actionFor(code: number): CodeAction {
  return (CODE_ACTIONS as Record<number, CodeAction | undefined>)[code] ?? fail(ProviderErrorCode.Protocol);
}

/** The message to show: the provider's (for 399 the bureau's own words), else the document's for the code. */
export function messageOf(envelope: Pick<JumdataEnvelope, 'code' | 'msg'>): string {
  const msg = typeof envelope.msg === 'string' ? envelope.msg.trim() : '';
  if (msg) return msg;
  return JUMDATA_CODE_MESSAGES[envelope.code] ?? `税务接口返回未知代码 ${envelope.code}`;
}

/** The error for an envelope the call cannot turn into a result; `code` overrides the table (e.g. login/verify 400). */
export function errorFromEnvelope(envelope: JumdataEnvelope, code?: ProviderErrorCode): ProviderError {
  const action = actionFor(envelope.code);
  const resolved = code ?? errorCodeOf(action);
  const message =
    resolved === ProviderErrorCode.Protocol && !(envelope.code in CODE_ACTIONS)
      ? `税务接口返回未知代码 ${envelope.code}: ${messageOf(envelope)}`
      : messageOf(envelope);
  return new ProviderError(resolved, message, envelope.code);
}

function errorCodeOf(action: CodeAction): ProviderErrorCode {
  switch (action.kind) {
    case 'fail':
      return action.error;
    case 'retry':
      return action.exhausted;
    case 'needs_login':
      return ProviderErrorCode.LoginRequired;
    case 'needs_face_auth':
      return ProviderErrorCode.FaceAuthRequired;
    case 'refresh_token':
      return ProviderErrorCode.TokenRejected;
    // A query still running at the provider: transient.
    case 'in_progress':
      return ProviderErrorCode.Unavailable;
    // 200/311 where the call expected something else: an answer the call does not understand.
    case 'ok':
    case 'face_scan_pending':
      return ProviderErrorCode.Protocol;
  }
}

/** For calls that only succeed or fail: the envelope when 200, else its error. */
export function requireOk(envelope: JumdataEnvelope, code?: ProviderErrorCode): JumdataEnvelope {
  if (actionFor(envelope.code).kind === 'ok') return envelope;
  throw errorFromEnvelope(envelope, code);
}

/**
 * For calls that could issue an invoice, a non-200 answer the workflow acts on (202 / 302 / 312 / 315) becomes an
 * outcome; everything else is an error.
 */
export function issuingOutcomeOf(envelope: JumdataEnvelope, uuid?: string): IssueOutcome {
  switch (actionFor(envelope.code).kind) {
    case 'in_progress':
      return uuid === undefined ? { status: 'in_progress' } : { status: 'in_progress', uuid };
    case 'needs_login':
      return { status: 'needs_login', message: messageOf(envelope) };
    case 'needs_face_auth':
      return { status: 'needs_face_auth', message: messageOf(envelope) };
    default:
      throw errorFromEnvelope(envelope);
  }
}
