/**
 * Neutral card text → DingTalk markdown (`sampleMarkdown`).
 *
 * DingTalk's markdown is a subset (headings, bold, links, images, lists, quotes) that also reads HTML (`<font>`) and
 * makes bare URLs into links. Plain text is escaped with numeric character references (`&#91;` for `[`): every
 * character markdown, a tag, an autolink (`http://` needs its `:` and `/`) or a mention (`@`) would need is replaced,
 * so user text never turns into a link, a mention or formatting. That DingTalk's renderer decodes these references is
 * the one assumption here (unconfirmed: its docs show no escaping at all); backslash escapes are not used because
 * they are not documented either, and would show as backslashes where they are not read. A line that starts like an
 * ordered list item (`1. `) has its dot escaped. Line breaks become markdown hard breaks.
 */
import type { CardSpan, CardText } from '../platform.js';
import { safeLinkUrl } from '../safe-link.js';

/** ASCII characters with a meaning in DingTalk markdown, its HTML, autolinks or mentions. */
const SPECIAL = /[&<>*_~[\]()`\\#|$+\-!:"'{}=@/%]/gu;
/** `1. ` at the start of a line would start a numbered list. */
const LIST_NUMBER = /^(\s*\d+)\./gmu;
/** Two trailing spaces: a hard line break in markdown, where a bare newline may be folded into the paragraph. */
const HARD_BREAK = '  \n';

export function escapeDingTalkMarkdown(text: string): string {
  return text
    .replace(SPECIAL, (char) => `&#${char.codePointAt(0)};`)
    .replace(LIST_NUMBER, '$1&#46;')
    .replace(/\r?\n/gu, HARD_BREAK);
}

export function renderDingTalkMarkdown(text: CardText): string {
  return text.map(renderSpan).join('');
}

function renderSpan(span: CardSpan): string {
  if (typeof span === 'string') return escapeDingTalkMarkdown(span);
  if ('strong' in span) return `**${escapeDingTalkMarkdown(span.strong)}**`;
  const url = safeLinkUrl(span.link);
  return url === undefined ? escapeDingTalkMarkdown(span.text) : markdownLink(span.text, url);
}

/** `[text](url)`: `url` is one the bot made and already safe for markdown (safeLinkUrl, or a dtmd link). */
export function markdownLink(text: string, url: string): string {
  return `[${escapeDingTalkMarkdown(text)}](${url})`;
}
