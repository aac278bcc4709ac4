/**
 * Neutral `Card` → a DingTalk markdown message (`sampleMarkdown` {title, text}).
 *
 * A robot's markdown cannot call back, so each button is a link `dtmd://dingtalkclient/sendMessage?content=…`: clicking
 * it sends that text as the person who clicked, and the text ends with the button's one-time token (`确认开具 #K7Q2MX`,
 * store/action-tokens.ts), which bot/text-click.ts turns back into the click. In a group the text starts with a
 * mention of the bot, because a group robot only receives messages that mention it. The token is shown next to each
 * button too, for clients where the link does nothing: typing it works the same.
 *
 * Forms have no DingTalk counterpart. A form that has a typed template (the 开票 form) shows it to copy, fill in and
 * send; its buttons would submit boxes that are not there, so they are left out. A form without one (the approval
 * card's 同意 / 驳回 with an optional reason) shows its buttons as the card's own, and what is typed between a button's
 * name and its token fills the form's one input (`驳回 金额不对 #K7Q2MX`). A card's image is
 * sent by the sender as its own message just before the card, which says so. The header's colour becomes a mark in
 * front of the title. The same markdown, without heading and links, is the text of an interactive card
 * (interactive-card.ts).
 */
import type { TokenInput } from '../../store/action-tokens.js';
import type { ActionValue, Card, CardButton, CardField, CardState, FormInput } from '../platform.js';
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
  /** Mints the one-time token a button's link carries (for this card's chat); `typed` for a form's button. */
  mint(value: ActionValue, typed?: TokenInput): Promise<string>;
  /** The bot's name, in a group: a button's text mentions it. */
  mention?: string;
}

export interface DingTalkMarkdown {
  title: string;
  text: string;
}

export async function renderDingTalkCard(card: Card, options: DingTalkCardOptions): Promise<DingTalkMarkdown> {
  const buttons = cardButtons(card);
  const actions = buttons.length ? await renderButtons(buttons, options, typedForm(card)) : undefined;
  return cardMarkdown(card, { heading: true, actions, mention: options.mention });
}

/** How a card's markdown is put together, where markdown messages and interactive cards differ. */
export interface CardMarkdownParts {
  /** A markdown message starts with the title as a heading; an interactive card shows its title itself. */
  heading: boolean;
  /** What stands where the buttons are: their links, or the warnings of buttons the template draws. */
  actions?: string;
  /** The bot's name, in a group: the form's typed template is sent mentioning it. */
  mention?: string;
  /** Where the card's image is to be seen (default: the image message just before the card). */
  imageWhere?: string;
}

/** A card as DingTalk markdown: heading, fields, body, image note, form, actions and note, fitted to the size limit. */
export function cardMarkdown(card: Card, parts: CardMarkdownParts): DingTalkMarkdown {
  const head: string[] = parts.heading ? [`#### ${STATE_MARK[card.state]} ${escapeDingTalkMarkdown(card.title)}`] : [];
  if (card.fields?.length) head.push(renderFields(card.fields));
  const tail: string[] = [];
  if (card.image) tail.push(escapeDingTalkMarkdown(`〔${card.image.alt}：${parts.imageWhere ?? '见上一条图片消息'}〕`));
  if (card.form?.template) tail.push(renderForm(card.form.template, parts.mention));
  if (parts.actions) tail.push(parts.actions);
  if (card.note) tail.push(`<font color="#999999">${escapeDingTalkMarkdown(card.note)}</font>`);
  const body = card.body?.length ? renderDingTalkMarkdown(card.body) : undefined;
  // A notification shows the title as it is, never as markdown.
  return fitBody(card.title, head, body, tail);
}

/** The buttons a card shows on DingTalk: its own, then those of a form without a typed template. */
export function cardButtons(card: Card): CardButton[] {
  const form = card.form && !card.form.template ? [card.form.submit, ...(card.form.extraButtons ?? [])] : [];
  return [...(card.buttons ?? []), ...form];
}

/** "Are you sure" of the buttons that ask it: shown in the card's text, where no dialog can ask it. */
export function buttonWarnings(buttons: readonly CardButton[]): string[] {
  return buttons.flatMap((button) => (button.confirm ? [escapeDingTalkMarkdown(`⚠️ ${button.text}：${button.confirm}`)] : []));
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

function renderForm(template: string, mention: string | undefined): string {
  const how = mention ? `复制下面的内容，填好后 @${mention} 发送：` : '复制下面的内容，填好后发送：';
  return `${escapeDingTalkMarkdown(how)}\n\n> ${escapeDingTalkMarkdown(template).replaceAll('  \n', '  \n> ')}`;
}

/** A form's buttons and the one input that what is typed with their tokens fills. */
interface TypedForm {
  input: FormInput;
  buttons: readonly CardButton[];
}

/** The form of a card whose buttons it shows (no typed template) and that has one input. */
function typedForm(card: Card): TypedForm | undefined {
  const form = card.form;
  if (!form || form.template !== undefined || form.inputs.length !== 1) return undefined;
  return { input: form.inputs[0]!, buttons: [form.submit, ...(form.extraButtons ?? [])] };
}

async function renderButtons(buttons: CardButton[], options: DingTalkCardOptions, typed?: TypedForm): Promise<string> {
  const links: string[] = [];
  for (const button of buttons) {
    const fills: TokenInput | undefined = typed?.buttons.includes(button) ? { label: button.text, input: typed.input.name } : undefined;
    const token = await options.mint(button.value, fills);
    const content = `${options.mention ? `@${options.mention} ` : ''}${button.text} #${token}`;
    links.push(`${markdownLink(button.text, dtmdLink(content))} ${escapeDingTalkMarkdown(`#${token}`)}`);
  }
  const send = options.mention ? `@${options.mention} 发送` : '发送';
  const hints = [`点不了时，${send}「按钮名 #口令」，效果相同。`];
  if (typed) hints.push(`要填「${typed.input.label}」${typed.input.required ? '' : '（可不填）'}：${send}「按钮名 ${typed.input.label} #口令」。`);
  const grey = hints.map((hint) => `<font color="#999999">${escapeDingTalkMarkdown(hint)}</font>`);
  return [links.join('　　'), ...buttonWarnings(buttons), ...grey].join('  \n');
}

/** The link that sends `content` as the person who clicks it; its query is encoded so markdown cannot end it early. */
export function dtmdLink(content: string): string {
  const encoded = encodeURIComponent(content).replace(/[!'()*~]/gu, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${DTMD_SEND_MESSAGE}${encoded}`;
}
