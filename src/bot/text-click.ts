/**
 * A click that arrives as a typed message (`确认开具 #K7Q2MX`): the token is spent and the message becomes the
 * InboundAction its button would have sent, so it runs through the same permission checks and once-only rules as a
 * card callback. A form's button takes what is typed between its label and the token as the form's one input
 * (`驳回 金额不对 #K7Q2MX`). Only messages addressed to the bot count (mentioned, or in a private chat).
 */
import type { ActionTokens } from '../store/action-tokens.js';
import { tokenInText, typedWithToken } from '../store/action-tokens.js';
import type { Inbound, InboundAction } from './platform.js';

const REFUSED_TEXT = {
  unknown: '这个按钮口令无效：请直接点卡片上的按钮，或把卡片上写的内容原样发出。',
  elsewhere: '这个按钮不属于这个群，已忽略。',
  used: '这个按钮已经用过了，不会重复处理。',
  expired: '这个按钮已过期（超过 7 天），请重新发起。',
} as const;

export type TextClick =
  | { kind: 'not_a_click' }
  | { kind: 'click'; inbound: InboundAction; token: string }
  | { kind: 'refused'; text: string };

export async function asTextClick(inbound: Inbound, tokens: ActionTokens): Promise<TextClick> {
  if (inbound.kind !== 'message') return { kind: 'not_a_click' };
  if (inbound.chat.chatType === 'group' && !inbound.mentioned) return { kind: 'not_a_click' };
  const token = tokenInText(inbound.text);
  if (!token) return { kind: 'not_a_click' };
  const redeemed = await tokens.redeem(inbound.chat, token, inbound.user.id, inbound.dedupeId);
  if (!redeemed.ok) return { kind: 'refused', text: REFUSED_TEXT[redeemed.reason] };
  const { chat, user, dedupeId, replyTo } = inbound;
  const action: InboundAction = { kind: 'action', chat, user, dedupeId, replyTo, value: redeemed.value, viaText: true };
  // A form's button: what was typed between its label and the token is the form's one input.
  if (redeemed.typed) action.form = { [redeemed.typed.input]: typedWithToken(inbound.text, redeemed.typed.label) };
  return { kind: 'click', inbound: action, token };
}
