import type { Params } from './endpoint.js';
import type { SandboxState } from './state.js';

/** Never kept, not even in the simulator's log: the password, the token, the signature and the secret. */
const SECRET_PARAMS = new Set(['gryhmm', 'token', 'sign', 'appSecret']);

export function redactParams(params: Params): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) redacted[name] = SECRET_PARAMS.has(name) ? '***' : value;
  return redacted;
}

export function logCall(state: SandboxState, entry: { path: string; code: number; charge: boolean; params: Params }): void {
  state.calls.push({
    at: new Date(state.now()).toISOString(),
    path: entry.path,
    code: entry.code,
    charge: entry.charge,
    params: redactParams(entry.params),
  });
}
