/**
 * Routes the Lark SDK's own log calls to pino, stripped of anything that could hold a secret.
 * The SDK logs raw axios errors (whose config carries the app secret of a token request and the bearer token),
 * so only messages, HTTP status and the platform's code/msg ever reach the log.
 */
import type { Logger as PinoLogger } from 'pino';
import type { Logger as SdkLogger } from '@larksuiteoapi/node-sdk';

type Level = 'debug' | 'info' | 'warn';

/**
 * `problemLevel` is where the SDK's error and warn lines go: callers that report failures themselves (the sender)
 * keep them at debug so a retried rate limit does not read like an outage.
 */
export function createSdkLogger(logger: PinoLogger, problemLevel: Level): SdkLogger {
  const child = logger.child({ component: 'lark-sdk' });
  // LoggerProxy passes its arguments as one array, and formatErrors yields an array too: flatten both.
  const emit = (level: Level | 'trace') => (...args: unknown[]) => {
    const parts = args.flat(3).map(sanitize);
    child[level]({ sdk: parts }, 'lark sdk');
  };
  return {
    error: emit(problemLevel),
    warn: emit(problemLevel),
    info: emit('debug'),
    debug: emit('debug'),
    trace: emit('trace'),
  };
}

/** Keeps strings and the harmless facts of an error; drops configs, headers, request bodies. */
export function sanitize(value: unknown): unknown {
  if (typeof value === 'string') return value.slice(0, 500);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value;
  if (typeof value !== 'object') return String(value);
  const source = value as Record<string, any>;
  const response = source.response as Record<string, any> | undefined;
  const data = (response?.data ?? source) as Record<string, any>;
  const facts: Record<string, unknown> = {};
  if (typeof source.message === 'string') facts.message = source.message.slice(0, 300);
  if (typeof response?.status === 'number') facts.status = response.status;
  if (typeof data?.code === 'number' || typeof data?.code === 'string') facts.code = data.code;
  if (typeof data?.msg === 'string') facts.msg = data.msg.slice(0, 300);
  if (typeof source.config?.url === 'string') facts.url = source.config.url.split('?')[0];
  return facts;
}
