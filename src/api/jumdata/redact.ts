/** Secrets never reach a log line: every value under one of these keys is replaced, at any depth. */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['appSecret', 'sign', 'token', 'gryhmm', 'smsCode']);

const REDACTED = '[redacted]';

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEYS.has(key) ? REDACTED : redactSecrets(inner);
    }
    return out;
  }
  return value;
}
