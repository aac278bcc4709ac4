/**
 * Small helpers for the providers' loose values (both clients): null / "" for absent text, numbers that may come as
 * strings, no undefined keys in what we build.
 */

/** The bureau prints absent text as null or "". */
export function text(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Drops undefined keys so that neither the wire JSON nor the neutral objects carry empty fields. */
export function withoutEmpty<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A count or page number the provider prints as a number or a numeric string; `fallback` when it is neither. */
export function numberOr(value: unknown, fallback: number): number {
  const parsed = typeof value === 'string' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : fallback;
}
