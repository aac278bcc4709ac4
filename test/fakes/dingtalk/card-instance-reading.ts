/**
 * Reading an interactive card the way a person sees it, from the template variables the bot filled in: the title,
 * the state colour, the markdown text (read like a markdown message), and the buttons of the `buttons` list.
 */
import type { CardState } from '../../../src/bot/platform.js';
import { readMarkdownCard, type ReadCard } from './markdown-reading.js';

const STATES = new Set<string>(['info', 'pending', 'success', 'danger', 'neutral']);

export function readCardInstance(params: Record<string, string>): ReadCard {
  const title = params.title ?? '';
  const markdown = readMarkdownCard({ title, text: params.markdown ?? '' });
  const buttons = JSON.parse(params.buttons ?? '[]') as Array<{ text: string; action: string }>;
  return {
    title,
    heading: title,
    state: STATES.has(params.state ?? '') ? (params.state as CardState) : undefined,
    text: [title, markdown.text].join('\n'),
    links: markdown.links,
    buttons: buttons.map((button) => ({ label: button.text, content: button.action })),
    markdown: markdown.markdown,
  };
}
