/**
 * Neutral `Card` → a DingTalk markdown message (`sampleMarkdown` {title, text}).
 *
 * A robot's markdown cannot call back, so each button is a link `dtmd://dingtalkclient/sendMessage?content=…`: clicking
 * it sends that text as the person who clicked, and the text ends with the button's one-time token (`确认开具 #K7Q2MX`,
 * store/action-tokens.ts), which bot/text-click.ts turns back into the click. In a group the text starts with a
 * mention of the bot, because a group robot only receives messages that mention it. The token is shown next to each
 * button too, for clients where the link does nothing: typing it works the same.
 *
 * Forms have no DingTalk counterpart: the card shows the form's typed template to copy and fill in. A card's image is
 * sent by the sender as its own message just before the card, which says so. The header's colour becomes a mark in
 * front of the title.
 */
import type { ActionValue, Card, CardButton, CardField, CardForm, CardState } from '../platform.js';
import { escapeDingTalkMarkdown, markdownLink, renderDingTalkMarkdown } from './markdown-text.js';

const STATE_MARK: Record<CardState, string> = {
  info: '🔵',
  pending: '🟠',
  success: '✅',
  danger: '🔴',
  neutral: '⚪',
};

export const DTMD_SEND_MESSAGE = 'dtmd://dingtalkclient/sendMessage?content=';
/** What the robot send APIs take of `msgParam` ("长度不超过 15000 字节"). */
export const MAX_MSG_PARAM_BYTES = 15_000;
const TRUNCATED = escapeDingTalkMarkdown('……（内容过长，其余未显示）');

export interface DingTalkCardOptions {
  /** Mints the one-time token a button's link carries (for this card's chat). */
  mint(value: ActionValue): Promise<string>;
  /** The bot's name, in a group: a button's text mentions it. */
  mention?: string;
}

export interface DingTalkMarkdown {
  title: string;
  text: string;
}

export async function renderDingTalkCard(card: Card, options: DingTalkCardOptions): Promise<DingTalkMarkdown> {
  const head: string[] = [`#### ${STATE_MARK[card.state]} ${escapeDingTalkMarkdown(card.title)}`];
  if (card.fields?.length) head.push(renderFields(card.fields));
  const tail: string[] = [];
  if (card.image) tail.push(escapeDingTalkMarkdown(`〔${card.image.alt}：见上一条图片消息〕`));
  if (card.form) tail.push(renderForm(card.form, options.mention));
  if (card.buttons?.length) tail.push(await renderButtons(card.buttons, options));
  if (card.note) tail.push(`<font color="#999999">${escapeDingTalkMarkdown(card.note)}</font>`);
  const body = card.body?.length ? renderDingTalkMarkdown(card.body) : undefined;
  // A notification shows the title as it is, never as markdown.
  return fitBody(card.title, head, body, tail);
}

/**
 * The send APIs take at most MAX_MSG_PARAM_BYTES of `msgParam`: a body that would pass it loses lines from its end,
 * and says so, so that the buttons and the note after it always arrive.
 */
function fitBody(title: string, head: string[], body: string | undefined, tail: string[]): DingTalkMarkdown {
  const compose = (shown: string | undefined) => ({ title, text: [...head, ...(shown ? [shown] : []), ...tail].join('\n\n') });
  const fits = (markdown: DingTalkMarkdown) => Buffer.byteLength(JSON.stringify(markdown)) <= MAX_MSG_PARAM_BYTES;
  let markdown = compose(body);
  const bodyLines = body?.split('\n') ?? [];
  while (!fits(markdown) && bodyLines.length > 0) {
    bodyLines.pop();
    markdown = compose([...bodyLines, TRUNCATED].join('\n'));
  }
  return markdown;
}

function renderFields(fields: CardField[]): string {
  return fields
    .map((field) => `**${escapeDingTalkMarkdown(field.label)}**：${escapeDingTalkMarkdown(field.value)}`)
    .join('  \n');
}

function renderForm(form: CardForm, mention: string | undefined): string {
  const template = form.template ?? form.inputs.map((input) => `${input.label}=${input.value ?? ''}`).join('\n');
  const how = mention ? `复制下面的内容，填好后 @${mention} 发送：` : '复制下面的内容，填好后发送：';
  return `${escapeDingTalkMarkdown(how)}\n\n> ${escapeDingTalkMarkdown(template).replaceAll('  \n', '  \n> ')}`;
}

async function renderButtons(buttons: CardButton[], options: DingTalkCardOptions): Promise<string> {
  const links: string[] = [];
  const warnings: string[] = [];
  for (const button of buttons) {
    const token = await options.mint(button.value);
    const content = `${options.mention ? `@${options.mention} ` : ''}${button.text} #${token}`;
    links.push(`${markdownLink(button.text, dtmdLink(content))} ${escapeDingTalkMarkdown(`#${token}`)}`);
    if (button.confirm) warnings.push(escapeDingTalkMarkdown(`⚠️ ${button.text}：${button.confirm}`));
  }
  const hint = escapeDingTalkMarkdown(
    options.mention ? `点不了时，@${options.mention} 发送「按钮名 #口令」，效果相同。` : '点不了时，发送「按钮名 #口令」，效果相同。',
  );
  return [links.join('　　'), ...warnings, `<font color="#999999">${hint}</font>`].join('  \n');
}

/** The link that sends `content` as the person who clicks it; its query is encoded so markdown cannot end it early. */
export function dtmdLink(content: string): string {
  const encoded = encodeURIComponent(content).replace(/[!'()*~]/gu, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${DTMD_SEND_MESSAGE}${encoded}`;
}
