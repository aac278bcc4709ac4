/**
 * Reading Feishu cards (JSON 2.0 as the bot sent them) the way a person looks at them: their text, their buttons.
 * Used by tests on recorded messages of the fake platform.
 */

export interface CardButtonView {
  text: string;
  /** The callback value the button sends back (`behaviors[type=callback].value`). */
  value: Record<string, unknown>;
  type?: string;
  /** True for a form's submit buttons. */
  submitsForm: boolean;
  confirm?: string;
}

type Json = unknown;

/** Every element of a card, depth first (body elements, form and column contents). */
export function cardElements(card: Json): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = [];
  const visit = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isObject(node)) return;
    if (typeof node.tag === 'string') found.push(node);
    for (const key of ['elements', 'columns']) {
      if (key in node) visit(node[key]);
    }
  };
  const body = isObject(card) && isObject(card.body) ? card.body.elements : undefined;
  visit(body);
  return found;
}

export function cardTitle(card: Json): string {
  if (!isObject(card) || !isObject(card.header) || !isObject(card.header.title)) return '';
  return String(card.header.title.content ?? '');
}

export function cardTemplate(card: Json): string | undefined {
  return isObject(card) && isObject(card.header) ? (card.header.template as string | undefined) : undefined;
}

/** Title, markdown, labels and button texts, one per line, with markdown entities decoded. */
export function cardText(card: Json): string {
  return textOf(card, (markdown) => markdown);
}

/** `cardText` as a person reads it: bold is no longer marked, and links show their text. */
export function shownCardText(card: Json): string {
  return textOf(card, (markdown) => markdown.replaceAll('**', '').replace(/\[([^\]]*)\]\([^)\s]*\)/gu, '$1'));
}

function textOf(card: Json, read: (markdown: string) => string): string {
  const lines = [cardTitle(card)];
  for (const element of cardElements(card)) {
    if (element.tag === 'markdown' && typeof element.content === 'string') lines.push(decodeEntities(read(element.content)));
    if (element.tag === 'img' && isObject(element.alt)) lines.push(String(element.alt.content ?? ''));
    if (element.tag === 'input' && isObject(element.label)) lines.push(String(element.label.content ?? ''));
    if (element.tag === 'button' && isObject(element.text)) lines.push(String(element.text.content ?? ''));
  }
  return lines.join('\n');
}

export function cardButtons(card: Json): CardButtonView[] {
  return cardElements(card)
    .filter((element) => element.tag === 'button')
    .map((element) => {
      const behaviors = Array.isArray(element.behaviors) ? element.behaviors : [];
      const callback = behaviors.find((behavior) => isObject(behavior) && behavior.type === 'callback');
      const confirm = isObject(element.confirm) && isObject(element.confirm.text) ? element.confirm.text : undefined;
      return {
        text: isObject(element.text) ? String(element.text.content ?? '') : '',
        value: isObject(callback) && isObject(callback.value) ? callback.value : {},
        type: element.type as string | undefined,
        submitsForm: element.form_action_type === 'submit',
        confirm: confirm ? String(confirm.content ?? '') : undefined,
      };
    });
}

/** The callback value of the button showing `text`; throws with the card's buttons when there is none. */
export function findButtonValue(card: Json, text: string): Record<string, unknown> {
  const buttons = cardButtons(card);
  const button = buttons.find((candidate) => candidate.text === text);
  if (!button) {
    throw new Error(`no button "${text}" on card "${cardTitle(card)}"; buttons: ${buttons.map((b) => b.text).join(', ')}`);
  }
  return button.value;
}

/** Numeric character references (what the renderer writes) and the few named ones, as a client shows them. */
function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_entity, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&sim;/g, '\u223C')
    .replace(/&amp;/g, '&');
}

function isObject(value: Json): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
