/** Both providers answer with a JSON object; a body that is not one is a transport failure, not an envelope. */
import { TransportError } from './transport-error.js';

/** An answer body as a JSON object; anything else is a transport failure whose request may have been handled. */
export function answerObject(text: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new TransportError('answer is not JSON', true);
  }
  if (body === null || typeof body !== 'object') throw new TransportError('answer is not a JSON object', true);
  return body as Record<string, unknown>;
}
