import { JUMDATA_PATHS } from '../jumdata/wire.js';
import type { InjectionRecord } from './records.js';
import type { SandboxState } from './state.js';

export interface InjectionRequest {
  code?: number;
  count?: number;
  latencyMs?: number;
  /** A JUMDATA_PATHS value ('blue-invoice/submit') or key ('blueSubmit'); absent = any call. */
  path?: string;
  /**
   * The fault hits the answer, not the call: the bureau does the work, then the answer comes `latencyMs` late and,
   * with a `code`, as that code. A lost answer to a call that did change something (e.g. a red submit).
   */
  afterHandling?: boolean;
}

/** Queues a fault for the next `count` calls; returns a message when the request makes no sense. */
export function addInjection(state: SandboxState, request: InjectionRequest): string | undefined {
  const count = request.count ?? 1;
  const latencyMs = request.latencyMs ?? 0;
  if (request.code !== undefined && !Number.isInteger(request.code)) return 'code must be an integer';
  if (request.code === undefined && latencyMs === 0) return 'give a code, a latencyMs, or both';
  if (!Number.isInteger(count) || count < 1) return 'count must be a positive integer';
  if (!Number.isFinite(latencyMs) || latencyMs < 0) return 'latencyMs must be >= 0';
  let path: string | undefined;
  if (request.path !== undefined) {
    path = resolvePath(request.path);
    if (!path) return `unknown path ${request.path}`;
  }
  const injection: InjectionRecord = { remaining: count, latencyMs, ...(path ? { path } : {}) };
  if (request.afterHandling) injection.afterHandling = true;
  if (request.code !== undefined) injection.code = request.code;
  state.injections.push(injection);
  return undefined;
}

/** The first queued fault that applies to this call, used up by one. */
export function takeInjection(state: SandboxState, path: string): InjectionRecord | undefined {
  const injection = state.injections.find((candidate) => !candidate.path || candidate.path === path);
  if (!injection) return undefined;
  injection.remaining -= 1;
  if (injection.remaining === 0) state.injections = state.injections.filter((candidate) => candidate !== injection);
  return injection;
}

function resolvePath(given: string): string | undefined {
  const trimmed = given.replace(/^\/?(tax\/v3\/makeout\/)?/, '');
  const paths = JUMDATA_PATHS as Record<string, string>;
  if (trimmed in paths) return paths[trimmed];
  return Object.values(paths).includes(trimmed) ? trimmed : undefined;
}
