/**
 * A click from the page is only a claim: the card must be one the bot posted in this chat, and the value one of the
 * buttons the card shows now — a page cannot invent a button, reuse one from another chat, or press one a card
 * update took away. Form fields are kept only for the inputs the card's form has.
 */
import type { ConsoleMessage } from '../../store/console-messages.js';
import type { ActionValue, CardButton } from '../platform.js';

export type CheckedClick =
  | { ok: true; value: ActionValue; form?: Record<string, string> }
  | { ok: false; reason: string };

const sameValue = (a: ActionValue, b: ActionValue) => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
};

export function checkClick(card: ConsoleMessage | undefined, chatId: string, value: ActionValue, form: Record<string, string> | undefined): CheckedClick {
  if (!card?.card || card.chatId !== chatId) return { ok: false, reason: '这张卡片不在这个对话里。' };
  const { buttons = [], form: cardForm } = card.card;
  const formButtons: CardButton[] = cardForm ? [cardForm.submit, ...(cardForm.extraButtons ?? [])] : [];
  const pressed = [...buttons, ...formButtons].find((button) => sameValue(button.value, value));
  if (!pressed) return { ok: false, reason: '卡片上已经没有这个按钮了（卡片已更新），请看最新的卡片。' };
  if (!cardForm || !formButtons.includes(pressed)) return { ok: true, value: pressed.value };
  const fields = Object.fromEntries(cardForm.inputs.map((input) => [input.name, typeof form?.[input.name] === 'string' ? form[input.name]! : '']));
  return { ok: true, value: pressed.value, form: fields };
}
