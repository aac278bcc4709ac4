/** What every group of calls shares: one business call (encrypt, token, retry, one token refresh), the token, the clock. */
import type { TaxAccount } from '../provider.js';
import type { KingdeeToken } from './token.js';
import type { KingdeeEndpoint, KingdeeEnvelope } from './wire.js';

export interface CallOptions {
  /** Whether repeating a call that may have reached Kingdee is safe; default true. */
  idempotent?: boolean;
}

export type KingdeeCall = (
  endpoint: KingdeeEndpoint,
  account: TaxAccount,
  data: object,
  options?: CallOptions,
) => Promise<KingdeeEnvelope>;

export interface KingdeeContext {
  call: KingdeeCall;
  token: KingdeeToken;
  now: () => number;
  /** What the chat is told about where the clerk does the face scan. */
  faceAuthWhere: string;
}
