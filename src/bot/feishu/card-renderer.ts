/**
 * Neutral `Card` → Feishu card JSON 2.0 (schema "2.0", header + body.elements).
 * Element shapes follow the open platform's card JSON 2.0 component docs: markdown, img, form, input, button,
 * column_set. Button and form values stay structured objects, delivered back in `action.value`.
 */
import type { Card, CardButton, CardField, CardForm, CardState, FormInput } from '../platform.js';
import { fitFeishuCard } from './card-size.js';
import { escapeFeishuMarkdown, renderFeishuMarkdown } from './markdown-text.js';
import type { FeishuCardElement, FeishuCardJson } from './wire.js';

const HEADER_TEMPLATE: Record<CardState, string> = {
  info: 'blue',
  pending: 'orange',
  success: 'green',
  danger: 'red',
  neutral: 'grey',
};

export interface RenderOptions {
  /** img_key of `card.image`, uploaded by the sender beforehand. Without it the image is shown as its alt text. */
  imageKey?: string;
}

export function renderFeishuCard(card: Card, options: RenderOptions = {}): FeishuCardJson {
  const elements: FeishuCardElement[] = [];
  if (card.fields?.length) elements.push(renderFields(card.fields));
  if (card.body?.length) elements.push({ tag: 'markdown', content: renderFeishuMarkdown(card.body) });
  if (card.image) elements.push(renderImage(card.image.alt, options.imageKey));
  if (card.form) elements.push(renderForm(card.form));
  if (card.buttons?.length) {
    elements.push(buttonRow(card.buttons.map((button) => renderButton(button))));
  }
  if (card.note) {
    elements.push({
      tag: 'markdown',
      content: `<font color='grey'>${escapeFeishuMarkdown(card.note)}</font>`,
      text_size: 'notation',
    });
  }
  return fitFeishuCard({
    schema: '2.0',
    // JSON 2.0 cards are always shared (update_multi); stated so a PATCH updates the card for everyone.
    config: { update_multi: true },
    header: {
      title: { tag: 'plain_text', content: card.title },
      template: HEADER_TEMPLATE[card.state],
    },
    body: { elements },
  });
}

/** Field values are user data: escaped so a `*` or `<at>` in a company name is shown, not interpreted. */
function renderFields(fields: CardField[]): FeishuCardElement {
  const lines = fields.map((field) => `**${escapeFeishuMarkdown(field.label)}**：${escapeFeishuMarkdown(field.value)}`);
  return { tag: 'markdown', content: lines.join('\n') };
}

function renderImage(alt: string, imageKey: string | undefined): FeishuCardElement {
  if (!imageKey) return { tag: 'markdown', content: `[${escapeFeishuMarkdown(alt)}]` };
  return { tag: 'img', img_key: imageKey, alt: plainText(alt), scale_type: 'fit_horizontal' };
}

function renderForm(form: CardForm): FeishuCardElement {
  const inputs = form.inputs.map(renderInput);
  // Every button in a form submits it; each carries its own value so the handler knows which one was pressed.
  const buttons = [form.submit, ...(form.extraButtons ?? [])].map((button, index) =>
    renderButton(button, { name: `${form.name}_btn_${index}`, submitsForm: true }),
  );
  return { tag: 'form', name: form.name, elements: [...inputs, buttonRow(buttons)] };
}

function renderInput(input: FormInput): FeishuCardElement {
  const element: FeishuCardElement = {
    tag: 'input',
    name: input.name,
    label: plainText(input.label),
    label_position: 'left',
    width: 'fill',
    required: input.required ?? false,
  };
  if (input.placeholder) element.placeholder = plainText(input.placeholder);
  if (input.value !== undefined) element.default_value = input.value;
  return element;
}

interface ButtonOptions {
  /** Interactive elements inside a form need a card-wide unique name. */
  name?: string;
  submitsForm?: boolean;
}

function renderButton(button: CardButton, options: ButtonOptions = {}): FeishuCardElement {
  const element: FeishuCardElement = {
    tag: 'button',
    text: plainText(button.text),
    type: button.style ?? 'default',
    behaviors: [{ type: 'callback', value: { ...button.value } }],
  };
  if (options.name) element.name = options.name;
  if (options.submitsForm) element.form_action_type = 'submit';
  if (button.confirm) {
    element.confirm = { title: plainText(`确认${button.text}？`), text: plainText(button.confirm) };
  }
  return element;
}

/** Buttons side by side, wrapping on narrow screens. */
function buttonRow(buttons: FeishuCardElement[]): FeishuCardElement {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: '8px',
    columns: buttons.map((button) => ({ tag: 'column', width: 'auto', elements: [button] })),
  };
}

function plainText(content: string): { tag: 'plain_text'; content: string } {
  return { tag: 'plain_text', content };
}
