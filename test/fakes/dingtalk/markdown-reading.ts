/**
 * Reading a bot's `sampleMarkdown` message the way a person in the chat sees it: the title line's state mark, the
 * text with markup gone and character references decoded, and every link with where it goes. User text is escaped
 * by the bot, so every `[label](url)` left in the raw markdown is a link the person can click: tests check that only
 * the bot's own links (buttons, downloads) are there.
 */
import type { CardState } from '../../../src/bot/platform.js';

export const DTMD_PREFIX = 'dtmd://dingtalkclient/sendMessage?content=';

const STATES: Record<string, CardState> = { '🔵': 'info', '🟠': 'pending', '✅': 'success', '🔴': 'danger', '⚪': 'neutral' };

export interface ReadLink {
  label: string;
  url: string;
}

export interface ReadCard {
  /** The notification title (plain text). */
  title: string;
  /** The heading as shown, without its state mark. */
  heading: string;
  state?: CardState;
  /** Everything a person reads, one line per line. */
  text: string;
  links: ReadLink[];
  /**
   * The buttons: a markdown card's links that send a message when clicked (the label and the text it sends), or an
   * interactive card's buttons (the label and the `action` its callback sends).
   */
  buttons: Array<{ label: string; content: string }>;
  /** Raw markdown, for tests that look at the escaping itself. */
  markdown: string;
}

const LINK = /\[([^\]]*)\]\(([^)\s]*)\)/gu;

export function decodeReferences(text: string): string {
  return text.replace(/&#(\d+);/gu, (_, code: string) => String.fromCodePoint(Number(code)));
}

export function readMarkdownCard(param: { title?: unknown; text?: unknown }): ReadCard {
  const markdown = String(param.text ?? '');
  const links = [...markdown.matchAll(LINK)].map((match) => ({ label: decodeReferences(match[1]!), url: match[2]! }));
  const buttons = links
    .filter((link) => link.url.startsWith(DTMD_PREFIX))
    .map((link) => ({ label: link.label, content: decodeURIComponent(link.url.slice(DTMD_PREFIX.length)) }));
  const shown = decodeReferences(
    markdown
      .replace(LINK, (_, label: string) => label)
      .replace(/<\/?font[^>]*>/gu, '')
      .replace(/\*\*/gu, '')
      .replace(/^#{1,6} /gmu, '')
      .replace(/^> ?/gmu, '')
      .replace(/ {2}\n/gu, '\n'),
  );
  const firstLine = shown.split('\n')[0] ?? '';
  const mark = [...firstLine][0] ?? '';
  return {
    title: String(param.title ?? ''),
    heading: STATES[mark] ? firstLine.slice(mark.length).trim() : firstLine,
    state: STATES[mark],
    text: shown,
    links,
    buttons,
    markdown,
  };
}
