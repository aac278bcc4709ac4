/** The address of a link the bot made, as markdown takes it — or undefined for anything but a plain http(s) URL. */

export function safeLinkUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  // The URL serialiser percent-encodes spaces and quotes; brackets would end the markdown link early.
  return parsed.href.replace(/[()[\]<>]/gu, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
