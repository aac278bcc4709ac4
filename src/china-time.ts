/**
 * China time (UTC+8, no daylight saving): the zone of the tax bureau's calendar and of every time the providers
 * print, whatever this machine's TZ. One place for formatting and parsing it.
 */

export const CHINA_OFFSET_MS = 8 * 3600_000;

/** `yyyy-MM-dd HH:mm:ss` of an instant, in China time. */
export function formatChinaTime(epochMs: number): string {
  return new Date(epochMs + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** `yyyy-MM-dd HH:mm` of an instant, in China time: for chat. */
export function formatChinaMinute(epochMs: number): string {
  return formatChinaTime(epochMs).slice(0, 16);
}

/** `yyyy-MM-dd` of an instant, in China time. */
export function formatChinaDate(epochMs: number): string {
  return formatChinaTime(epochMs).slice(0, 10);
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/;

/** `yyyy-MM-dd[ HH:mm:ss]` in China time → epoch ms; undefined when malformed or not a real date. */
export function parseChinaTime(text: string): number | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (new Date(utc).toISOString().slice(0, 10) !== `${y}-${mo}-${d}`) return undefined;
  return utc - CHINA_OFFSET_MS;
}
