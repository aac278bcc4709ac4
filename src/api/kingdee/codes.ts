/**
 * What the client does with each Kingdee errcode: the one table (wire.ts lists the codes). Callers ask `actionFor`
 * and never compare codes themselves. A code not in the table is the provider or the bureau refusing, with its
 * Chinese `description` kept for the chat.
 */
import { ProviderError, ProviderErrorCode, type IssueOutcome } from '../provider.js';
import { KINGDEE_CODE_MESSAGES, KingdeeCode, type KingdeeEnvelope } from './wire.js';

export type KingdeeAction =
  | { kind: 'ok' }
  /** 91400: an outcome in issuing calls, `FaceAuthRequired` elsewhere. */
  | { kind: 'needs_face_auth' }
  /** 91300: an outcome in issuing calls, `LoginRequired` elsewhere. */
  | { kind: 'needs_login' }
  /** The access token is gone: fetch a new one and repeat the call once. */
  | { kind: 'refresh_token' }
  /** invoice/create with a serialNo already in use: nothing new happened; the result query tells. */
  | { kind: 'serial_taken' }
  /** Transient: back off and retry within the budget, then fail with `exhausted`. */
  | { kind: 'retry'; exhausted: ProviderErrorCode.Unavailable | ProviderErrorCode.RateLimited }
  | { kind: 'fail'; error: ProviderErrorCode };

const fail = (error: ProviderErrorCode): KingdeeAction => ({ kind: 'fail', error });

export const ERRCODE_ACTIONS: Readonly<Record<string, KingdeeAction>> = {
  [KingdeeCode.Ok]: { kind: 'ok' },
  [KingdeeCode.BadArguments]: fail(ProviderErrorCode.BadRequest),
  [KingdeeCode.FaceAuthTimedOut]: { kind: 'needs_face_auth' },
  [KingdeeCode.NotLoggedIn]: { kind: 'needs_login' },
  [KingdeeCode.TokenInvalid]: { kind: 'refresh_token' },
  [KingdeeCode.CredentialsRejected]: fail(ProviderErrorCode.TokenRejected),
  [KingdeeCode.NotEnabled]: fail(ProviderErrorCode.NotEnabled),
  [KingdeeCode.IpNotWhitelisted]: fail(ProviderErrorCode.IpNotWhitelisted),
  [KingdeeCode.TooFrequent]: { kind: 'retry', exhausted: ProviderErrorCode.RateLimited },
  [KingdeeCode.SerialNoTaken]: { kind: 'serial_taken' },
  [KingdeeCode.SystemBusy]: { kind: 'retry', exhausted: ProviderErrorCode.Unavailable },
};

export function actionFor(errcode: string): KingdeeAction {
  return ERRCODE_ACTIONS[errcode] ?? fail(ProviderErrorCode.BureauRefused);
}

/** The provider's own words, else the table's, else the bare code. */
export function messageOf(envelope: Pick<KingdeeEnvelope, 'errcode' | 'description'>): string {
  const description = envelope.description.trim();
  if (description) return description;
  return KINGDEE_CODE_MESSAGES[envelope.errcode] ?? `金蝶接口返回错误代码 ${envelope.errcode}`;
}

export function errorFromEnvelope(envelope: KingdeeEnvelope, code?: ProviderErrorCode): ProviderError {
  return new ProviderError(code ?? errorCodeOf(actionFor(envelope.errcode)), messageOf(envelope), envelope.errcode);
}

function errorCodeOf(action: KingdeeAction): ProviderErrorCode {
  switch (action.kind) {
    case 'fail':
      return action.error;
    case 'retry':
      return action.exhausted;
    case 'needs_face_auth':
      return ProviderErrorCode.FaceAuthRequired;
    case 'needs_login':
      return ProviderErrorCode.LoginRequired;
    case 'refresh_token':
      return ProviderErrorCode.TokenRejected;
    // Success or a taken serialNo where the call expected something else.
    case 'ok':
    case 'serial_taken':
      return ProviderErrorCode.Protocol;
  }
}

/** For calls that only succeed or fail. */
export function requireOk(envelope: KingdeeEnvelope): KingdeeEnvelope {
  if (actionFor(envelope.errcode).kind === 'ok') return envelope;
  throw errorFromEnvelope(envelope);
}

/** For calls that could issue: 91400 and 91300 are outcomes the workflow waits on; anything else not ok is an error. */
export function waitingOutcomeOf(envelope: KingdeeEnvelope): IssueOutcome | undefined {
  const kind = actionFor(envelope.errcode).kind;
  if (kind === 'needs_face_auth') return { status: 'needs_face_auth', message: messageOf(envelope) };
  if (kind === 'needs_login') return { status: 'needs_login', message: messageOf(envelope) };
  return undefined;
}
