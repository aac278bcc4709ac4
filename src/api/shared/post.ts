/** The HTTP below both clients' envelopes: one POST, its body text, and its failures coded for the retry loop. */
import type { Pool } from 'undici';
import type { Logger } from 'pino';
import { ProviderError, ProviderErrorCode } from '../provider.js';
import { isClosedClient, toTransportError, TransportError } from './transport-error.js';

export interface PostFacts {
  log: Logger;
  /** For log messages: `jumdata`, `kingdee`. */
  name: string;
  /** For the chat: what the provider is called (`税务接口`, `金蝶接口`). */
  label: string;
  /** The path as the error names it (without base or query, which may hold a token). */
  shownPath: string;
  started: number;
}

/**
 * One POST on `pool`, answered with its body text, or the failure coded as the clients' retry loop expects: a closed
 * pool (shutting down) and a 404 (wrong base URL or path table) are not worth retrying; a transport failure says
 * whether the request may have been delivered; any other non-2xx may have been.
 */
export async function postForText(
  pool: Pool,
  request: { path: string; headers: Record<string, string>; body: string },
  { log, name, label, shownPath, started }: PostFacts,
): Promise<string> {
  let status: number;
  let text: string;
  try {
    const response = await pool.request({ method: 'POST', ...request });
    status = response.statusCode;
    text = await response.body.text();
  } catch (error) {
    if (isClosedClient(error)) throw new ProviderError(ProviderErrorCode.Unavailable, `${label}客户端已关闭`);
    const transport = toTransportError(error);
    log.warn({ err: transport.message, maybeDelivered: transport.maybeDelivered, ms: Date.now() - started }, `${name} transport error`);
    throw transport;
  }
  if (status === 404) {
    log.error({ status }, `${name} endpoint not found`);
    throw new ProviderError(ProviderErrorCode.EndpointNotFound, `${label}地址不正确(HTTP 404): ${shownPath}`, 404);
  }
  if (status < 200 || status > 299) {
    log.warn({ status, ms: Date.now() - started }, `${name} http status`);
    throw new TransportError(`HTTP ${status}`, true);
  }
  return text;
}
