/** What every group of calls of the client shares. */
import type { JumdataSession, Send } from './session.js';

export interface Lifetimes {
  /** Token lifetime when login/token gives no expireTime. Default 2 h. */
  tokenMs: number;
  /** Login lifetime when the login answer gives no expireTime. Default 24 h. */
  loginMs: number;
  /** Face-auth lifetime from a passed scan when auth/status gives no expireTime. Default 24 h. */
  faceAuthMs: number;
}

export interface CallContext {
  send: Send;
  session: JumdataSession;
  now: () => number;
  lifetimes: Lifetimes;
  /** `sflx` of login/submit. */
  loginIdentityType: string;
}
