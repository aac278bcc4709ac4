import { JUMDATA_CODE_MESSAGES } from '../jumdata/wire.js';
import type { AccountRecord } from './records.js';
import type { SandboxState } from './state.js';

/** What a handler answers; the dispatcher wraps it in the envelope (`msg` defaults to the document's message). */
export interface Reply {
  code: number;
  msg?: string;
  data?: unknown;
  /** Billed; only ever true on a 200. */
  charge?: boolean;
}

export type Params = Readonly<Record<string, string>>;

export interface CallContext {
  state: SandboxState;
  params: Params;
  now: number;
  /** scheme://host of the request, the last resort for links. */
  origin: string;
}

/** A business call: login alive and token valid for this account (checked before the handler runs). */
export interface SessionCallContext extends CallContext {
  account: AccountRecord;
}

type Answer = Reply | Promise<Reply>;

export type EndpointHandler =
  | { session: false; required: readonly string[]; handle(call: CallContext): Answer }
  | { session: true; required: readonly string[]; handle(call: SessionCallContext): Answer };

/** Every business call carries these (document); session calls add `token`. */
export const ACCOUNT_PARAMS = ['nsrsbh', 'dq', 'gryhm'] as const;

/** A login call: account parameters plus `required`, no token. */
export function loginEndpoint(required: readonly string[], handle: (call: CallContext) => Answer): EndpointHandler {
  return { session: false, required: [...ACCOUNT_PARAMS, ...required], handle };
}

/** A business call: account parameters, token, plus `required`; runs only with a live login and token. */
export function sessionEndpoint(required: readonly string[], handle: (call: SessionCallContext) => Answer): EndpointHandler {
  return { session: true, required: [...ACCOUNT_PARAMS, 'token', ...required], handle };
}

export function ok(data?: unknown, extra: { msg?: string; charge?: boolean } = {}): Reply {
  return { code: 200, data, ...extra };
}

export function fail(code: number, msg?: string): Reply {
  return { code, msg: msg ?? JUMDATA_CODE_MESSAGES[code] ?? '' };
}

export function badParameter(detail: string): Reply {
  return fail(400, `参数错误: ${detail}`);
}
