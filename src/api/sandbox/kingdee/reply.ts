/** What a simulated endpoint answers: the errcode and description, `data`, and fields beside it. */
import { KINGDEE_CODE_MESSAGES } from '../../kingdee/wire.js';
import type { KingdeeSimState } from './state.js';

export interface SimReply {
  errcode: string;
  description?: string;
  data?: unknown;
  beside?: Record<string, unknown>;
}

/** The decrypted body of a business call. */
export type SimData = Record<string, unknown>;

export interface SimCallContext {
  state: KingdeeSimState;
  data: SimData;
  now: number;
  /** `taxNo` of the query string: the seller. */
  taxNo: string;
  origin: string;
}

export type SimHandler = (call: SimCallContext) => SimReply;

export function ok(data?: unknown, beside?: Record<string, unknown>): SimReply {
  return { errcode: '0000', description: '成功', data, ...(beside ? { beside } : {}) };
}

export function refuse(errcode: string, description?: string): SimReply {
  return { errcode, description: description ?? KINGDEE_CODE_MESSAGES[errcode] ?? '' };
}

/** argsErr, with the field and the rule. */
export function badArgument(description: string): SimReply {
  return refuse('0001', description);
}

/** The bureau's own refusal: a code the client does not know, its words as they are. decided: 91500. */
export function bureauRefuses(description: string): SimReply {
  return refuse('91500', description);
}

/** Issuing calls check the clerk first: login (91300), then the face scan (91400), as Kingdee's client does. */
export function clerkNotReady(state: KingdeeSimState): SimReply | undefined {
  if (!state.loggedIn) return refuse('91300');
  if (state.auth !== 1) return refuse('91400', '扫脸认证已超时, 请先进行人脸认证后再进行开票操作!');
  return undefined;
}
