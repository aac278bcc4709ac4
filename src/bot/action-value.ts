/**
 * What a card click carries back, read into the neutral `ActionValue`: the object the bot put on the button, or (older
 * cards, templates that pass one string) that object as JSON. Every value becomes a string; nothing is evaluated.
 */
import type { ActionValue } from './platform.js';

export function toActionValue(value: unknown): ActionValue {
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        return stringifyValues(parsed as Record<string, unknown>);
      }
    } catch {
      // not JSON: the string itself is the value
    }
    return { value };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return stringifyValues(value as Record<string, unknown>);
  }
  return value === undefined || value === null ? {} : { value: String(value) };
}

/** Submitted form fields and button values: strings as they are, anything else as JSON. */
export function stringifyValues(record: Record<string, unknown>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined || value === null) continue;
    result[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return result;
}
