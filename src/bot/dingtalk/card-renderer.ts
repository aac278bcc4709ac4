/**
 * Neutral `Card` → a DingTalk markdown message (`sampleMarkdown` {title, text}).
 *
 * A robot's markdown cannot call back, so each button is a link `dtmd://dingtalkclient/sendMessage?content=…`: clicking
 * it sends that text as the person who clicked, and the text ends with the button's one-time token (`确认开具 #K7Q2MX`,
 * store/action-tokens.ts), which bot/text-click.ts turns back into the click. In a group the text starts with a
 * mention of the bot, because a group robot only receives messages that mention it. The token is shown next to each
 * button too, for clients where the link does nothing: typing it works the same.
 *
 * Forms have no DingTalk counterpart. A form with a typed template (开票) shows it to copy and fill in; one without (an
 * approval's 同意 / 驳回 with an optional reason) shows its buttons, and what is typed between a button's name and its
 * token fills the form's one input (`驳回 金额不对 #K7Q2MX`). A card's image is
 * sent by the sender as its own message just before the card, which says so. The header's colour becomes a mark in
 * front of the title.
 */
import type { TokenInput } from '../../store/action-tokens.js';
import type { ActionValue, Card, CardButton, CardField, CardForm, CardState, FormInput } from '../platform.js';
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
  const head: string[] = [`#### ${STATE_MARK[card.state]} ${escapeDingTalkMarkdown(card.title)}`];
  if (card.fields?.length) head.push(renderFields(card.fields));
  const tail: string[] = [];
  if (card.image) tail.push(escapeDingTalkMarkdown(`〔${card.image.alt}：见上一条图片消息〕`));
  if (card.form) tail.push(await renderForm(card.form, options));
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

async function renderForm(form: CardForm, options: DingTalkCardOptions): Promise<string> {
  if (form.template === undefined) return renderButtons([form.submit, ...(form.extraButtons ?? [])], options, onlyInput(form));
  const how = options.mention ? `复制下面的内容，填好后 @${options.mention} 发送：` : '复制下面的内容，填好后发送：';
  return `${escapeDingTalkMarkdown(how)}\n\n> ${escapeDingTalkMarkdown(form.template).replaceAll('  \n', '  \n> ')}`;
}

/** The input a form's buttons fill from the text typed with their token: only a form of one input has it. */
function onlyInput(form: CardForm): FormInput | undefined {
  return form.inputs.length === 1 ? form.inputs[0] : undefined;
}

async function renderButtons(buttons: CardButton[], options: DingTalkCardOptions, input?: FormInput): Promise<string> {
  const links: string[] = [];
  const warnings: string[] = [];
  for (const button of buttons) {
    const token = await options.mint(button.value, input && { label: button.text, input: input.name });
    const content = `${options.mention ? `@${options.mention} ` : ''}${button.text} #${token}`;
    links.push(`${markdownLink(button.text, dtmdLink(content))} ${escapeDingTalkMarkdown(`#${token}`)}`);
    if (button.confirm) warnings.push(escapeDingTalkMarkdown(`⚠️ ${button.text}：${button.confirm}`));
  }
  const send = options.mention ? `@${options.mention} 发送` : '发送';
  const hints = [`点不了时，${send}「按钮名 #口令」，效果相同。`];
  if (input) hints.push(`要填「${input.label}」${input.required ? '' : '（可不填）'}：${send}「按钮名 ${input.label} #口令」。`);
  const grey = hints.map((hint) => `<font color="#999999">${escapeDingTalkMarkdown(hint)}</font>`);
  return [links.join('　　'), ...warnings, ...grey].join('  \n');
}

/** The link that sends `content` as the person who clicks it; its query is encoded so markdown cannot end it early. */
export function dtmdLink(content: string): string {
  const encoded = encodeURIComponent(content).replace(/[!'()*~]/gu, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${DTMD_SEND_MESSAGE}${encoded}`;
}
