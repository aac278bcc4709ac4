/** Small helpers for the provider's loose values: null / "" for absent text, no undefined keys in what we build. */

/** The bureau prints absent text as null or "". */
export function text(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Drops undefined keys so that neither the wire JSON nor the neutral objects carry empty fields. */
export function withoutEmpty<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
