/**
 * Neutral card text → Feishu card markdown (the `markdown` element of card JSON 2.0 and `lark_md`).
 *
 * Plain text is escaped with numeric character references (`&#60;` for `<`, `&#126;` for `~`), which Feishu's card
 * markdown decodes (its docs list `&#42;`, `&#60;`, `&#91;`… for its special characters). Named entities are avoided:
 * Feishu's table gives `&sim;` for `~`, but `&sim;` is U+223C `∼`, another character. Everything markdown, Feishu's
 * tags (`<at id=all>`, `<font>`, `<link>`) or its `:EMOJI:` codes could read is escaped, so user text never turns
 * into a mention, a link or formatting. Letters, digits, CJK and `.`, `,` stay as they are: the card stays small.
 */
import type { CardSpan, CardText } from '../platform.js';

/** ASCII characters with a meaning in Feishu card markdown or its HTML-like tags. */
const SPECIAL = /[&<>*_~[\]()`\\#|$+\-!:"'{}=@/]/gu;

/** Plain text → Feishu markdown that shows exactly that text. Line breaks stay line breaks. */
export function escapeFeishuMarkdown(text: string): string {
  return text.replace(SPECIAL, (char) => `&#${char.codePointAt(0)};`);
}

/** A link's address as markdown takes it, or undefined for anything but a plain http(s) URL. */
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

export function renderFeishuMarkdown(text: CardText): string {
  return text.map(renderSpan).join('');
}

function renderSpan(span: CardSpan): string {
  if (typeof span === 'string') return escapeFeishuMarkdown(span);
  if ('strong' in span) return `**${escapeFeishuMarkdown(span.strong)}**`;
  const url = safeLinkUrl(span.link);
  return url === undefined ? escapeFeishuMarkdown(span.text) : `[${escapeFeishuMarkdown(span.text)}](${url})`;
}
