/**
 * A call that failed below the provider's envelope, and what undici's errors mean for it: whether the request may
 * have been delivered (the retry layer repeats a non-idempotent call only when it surely was not), and whether the
 * pool was closed under it (shutting down: no failure of the provider's).
 */
import { errors as undiciErrors } from 'undici';

/** A call that failed below the envelope. `maybeDelivered`: the provider may have acted on it (a timeout after send). */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    readonly maybeDelivered: boolean,
  ) {
    super(message);
  }
}

/** Errors that prove the request never reached the provider. */
const NOT_DELIVERED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** The pool was closed under the call: the bot is shutting down. */
export function isClosedClient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED';
}

/** Any failure of the request itself, as a TransportError that knows whether it may have been delivered. */
export function toTransportError(error: unknown): TransportError {
  const code = (error as { code?: unknown } | null)?.code;
  const causeCode = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  const codes = [code, causeCode].filter((c): c is string => typeof c === 'string');
  const notDelivered = codes.some((c) => NOT_DELIVERED_CODES.has(c)) || error instanceof undiciErrors.ConnectTimeoutError;
  const message = error instanceof Error ? `${codes[0] ?? error.name}: ${error.message}` : String(error);
  return new TransportError(message, !notDelivered);
}
