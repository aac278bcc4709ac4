import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** `taskNo` of an answer: a fresh 24-digit request number, as the document's samples show. */
export function newTaskNo(): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < 24) digits += String(randomInt(0, 10));
  return digits;
}

/** Opaque ids (tokens, authIds, SMS task ids): hex, like the document's `authId`. */
export function newHexId(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

/** Red-letter confirmation uuid: 32 hex digits, as the bureau prints them. */
export function newConfirmationUuid(): string {
  return randomUUID().replaceAll('-', '');
}
