/**
 * Keeping what the bot says back short, whatever was typed: a list shows its first items and how many more there
 * are (`…还有 4 980 处`), and a value quoted back is cut with `…`. A 5 000-key or 100 KB message gets a reply of a
 * few lines, not one as long as itself.
 */

/** Items a reply lists before it counts the rest. */
export const MAX_LISTED = 20;
/** Characters of a typed value quoted back in a reply. */
export const MAX_ECHO_CHARS = 30;

/** `4980` → `4 980`: thousands grouped by a space, as the count is read in a long reply. */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/gu, ' ');
}

/** The first `max` items, then one more saying how many were left out (`…还有 N 处`), when there are more. */
export function capList(items: readonly string[], max = MAX_LISTED): string[] {
  if (items.length <= max) return [...items];
  return [...items.slice(0, max), `…还有 ${formatCount(items.length - max)} 处`];
}

/** A typed value to quote back: at most `max` characters (code points), else cut and ended with `…`. */
export function truncateEcho(value: string, max = MAX_ECHO_CHARS): string {
  const chars = [...value];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : value;
}
