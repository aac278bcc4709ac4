/**
 * Neutral `Card` → the variables of the bot's DingTalk card template (DINGTALK_CARD_TEMPLATE_ID), the `cardParamMap`
 * of a card instance. The template is made once by an admin in DingTalk's card platform (docs/dingtalk-card-template.md
 * says how); these are the only names it binds, so they are defined here and nowhere else. Every value is a string, as
 * the card API requires: the button list is a JSON string the template loops over.
 *
 * - `title`: the card's title, plain text (a text component shows it as it is).
 * - `state`: `info` · `pending` · `success` · `danger` · `neutral`, for the header's colour.
 * - `markdown`: everything else — fields, body, image note, form template, warnings, note — as the markdown messages
 *   show it (card-renderer.ts), user text escaped the same way.
 * - `buttons`: `[{"text","style","action"}]`; `style` is `primary` · `danger` · `default`, and `action` is the button's
 *   value as a JSON string, the one callback parameter the template sends back (param name `action`).
 * - `lastMessage`: the title again, for the chat list's summary of the card.
 */
import type { Card, CardButton } from '../platform.js';
import { buttonWarnings, cardButtons, cardMarkdown } from './card-renderer.js';

/** What the template's button loop reads of each button. */
export interface TemplateButton {
  text: string;
  style: NonNullable<CardButton['style']>;
  /** `JSON.stringify` of the button's value: what a click sends back as the callback parameter `action`. */
  action: string;
}

export interface CardParams {
  title: string;
  state: Card['state'];
  markdown: string;
  /** JSON of `TemplateButton[]`. */
  buttons: string;
  lastMessage: string;
  /** The card API's `cardParamMap` is a string map. */
  [variable: string]: string;
}

export interface CardParamOptions {
  /** The bot's name, in a group: the form's typed template is sent mentioning it. */
  mention?: string;
  /** Where the card's image is to be seen (default: the image message just before the card). */
  imageWhere?: string;
}

export function renderCardParams(card: Card, options: CardParamOptions = {}): CardParams {
  const buttons = cardButtons(card);
  const warnings = buttonWarnings(buttons);
  const markdown = cardMarkdown(card, {
    heading: false,
    actions: warnings.length ? warnings.join('  \n') : undefined,
    mention: options.mention,
    imageWhere: options.imageWhere,
  });
  const list: TemplateButton[] = buttons.map((button) => ({
    text: button.text,
    style: button.style ?? 'default',
    action: JSON.stringify(button.value),
  }));
  return { title: card.title, state: card.state, markdown: markdown.text, buttons: JSON.stringify(list), lastMessage: card.title };
}
