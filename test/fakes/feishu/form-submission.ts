/**
 * Pressing a button the way the Feishu client does. Every button inside a form submits the form (whatever its
 * `form_action_type`, as the issue observed): the client first checks the form's required inputs and, when one is
 * empty, shows a hint and sends nothing. Otherwise the callback carries the button's value and `form_value` with
 * every input of the form: what the person typed, else the input's default, else "" (decided; how Feishu sends an
 * untouched input is not documented).
 */
import { cardButtons, cardElements } from './card-reading.js';

export type ButtonPress =
  | { sent: true; value: Record<string, unknown>; formValue?: Record<string, string> }
  | { sent: false; missingRequired: string[] };

/**
 * `typed`: what the person typed, by input name (only inputs of the button's form). Throws when the button or a
 * typed input is not on the card, so a test cannot type into a box that is not there.
 */
export function pressButton(card: unknown, buttonText: string, typed: Record<string, unknown> = {}): ButtonPress {
  const form = formHolding(card, buttonText);
  if (!form) {
    const button = cardButtons(card).find((candidate) => candidate.text === buttonText);
    if (!button) throw new Error(`no button "${buttonText}" on the card`);
    if (Object.keys(typed).length > 0) throw new Error(`button "${buttonText}" is not in a form: nothing to type into`);
    return { sent: true, value: button.value };
  }
  const inputs = cardElements({ body: { elements: form.elements } }).filter((element) => element.tag === 'input');
  const names = new Set(inputs.map((input) => String(input.name)));
  const strangers = Object.keys(typed).filter((name) => !names.has(name));
  if (strangers.length > 0) throw new Error(`form "${String(form.name)}" has no input ${strangers.join(', ')}`);

  const formValue: Record<string, string> = {};
  for (const input of inputs) {
    const name = String(input.name);
    formValue[name] = typed[name] !== undefined ? String(typed[name]) : typeof input.default_value === 'string' ? input.default_value : '';
  }
  const missingRequired = inputs.filter((input) => input.required === true && formValue[String(input.name)] === '').map((input) => String(input.name));
  if (missingRequired.length > 0) return { sent: false, missingRequired };
  const button = cardButtons({ body: { elements: form.elements } }).find((candidate) => candidate.text === buttonText)!;
  return { sent: true, value: button.value, formValue };
}

function formHolding(card: unknown, buttonText: string): Record<string, unknown> | undefined {
  const root = (card as { body?: { elements?: unknown } } | undefined)?.body?.elements;
  if (!Array.isArray(root)) return undefined;
  return root.find(
    (element): element is Record<string, unknown> =>
      typeof element === 'object' &&
      element !== null &&
      (element as { tag?: unknown }).tag === 'form' &&
      cardButtons({ body: { elements: (element as { elements?: unknown }).elements } }).some((button) => button.text === buttonText),
  );
}
