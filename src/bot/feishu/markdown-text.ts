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
import { safeLinkUrl } from '../safe-link.js';

export { safeLinkUrl };

/** ASCII characters with a meaning in Feishu card markdown or its HTML-like tags. */
const SPECIAL = /[&<>*_~[\]()`\\#|$+\-!:"'{}=@/]/gu;

/** Plain text → Feishu markdown that shows exactly that text. Line breaks stay line breaks. */
export function escapeFeishuMarkdown(text: string): string {
  return text.replace(SPECIAL, (char) => `&#${char.codePointAt(0)};`);
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
