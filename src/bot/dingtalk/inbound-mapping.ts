/**
 * DingTalk deliveries → the neutral `Inbound` shapes. Pure: no I/O, no clock.
 *
 * A robot message (HTTP callback or stream) becomes an `InboundMessage`. A group is its openConversationId. A one-to-one
 * chat is the person's staffId, because that is what the one-to-one send API (`oToMessages/batchSend`) addresses. A
 * click on a markdown card's button arrives as an ordinary message whose text carries the button's token
 * (bot/text-click.ts). Other members mentioned (`审批人 添加 @张三`) come by staffId in `atUsers`, their `@name` in
 * the text.
 *
 * A click on an interactive card (stream topic `/v1.0/card/instances/callback`) becomes an `InboundAction`. It names
 * the card (`outTrackId`) and who clicked; the chat is the one the bot delivered that card to (store/card-chats.ts),
 * never one the callback claims. A callback for a card the bot did not send, or whose space (when DingTalk names one)
 * is another chat, is ignored. The button's value is the callback parameter `action` (interactive-card.ts). Its dedupe
 * id is the stream message id, which DingTalk keeps when it pushes an unacknowledged callback again.
 */
import { toActionValue } from '../action-value.js';
import type { ChatRef, InboundAction, InboundMessage, UserRef } from '../platform.js';
import { openSpaceId } from './card-instances.js';
import type { DingTalkCardCallback, DingTalkCardPrivateData, DingTalkRobotMessage } from './wire.js';

const DEDUPE_PREFIX = 'dingtalk:';
const CARD_DEDUPE_PREFIX = 'dingtalk:card:';

export type DingTalkMapping = { kind: 'message'; message: InboundMessage } | { kind: 'ignored'; reason: string };

export function toInboundMessage(body: DingTalkRobotMessage): DingTalkMapping {
  const userId = body.senderStaffId || body.senderId;
  if (!body.msgId || !userId) return { kind: 'ignored', reason: 'incomplete message' };
  if (body.msgtype !== 'text' || typeof body.text?.content !== 'string') {
    return { kind: 'ignored', reason: `unsupported message type ${String(body.msgtype)}` };
  }
  const chat = chatOf(body, userId);
  if (!chat) return { kind: 'ignored', reason: 'no conversation' };
  const others = mentionedOthers(body, body.text.content);
  const message: InboundMessage = {
    kind: 'message',
    chat,
    user: { id: userId, name: body.senderNick },
    dedupeId: DEDUPE_PREFIX + body.msgId,
    // The mentions are in `mentions`: their `@name` words would read as arguments.
    text: stripMentions(others.length > 0 ? body.text.content.replace(MENTION_WORD, '$1') : body.text.content),
    // DingTalk hands a group robot only the messages that mention it; isInAtList says so when present.
    mentioned: chat.chatType === 'p2p' || body.isInAtList !== false,
  };
  if (others.length > 0) message.mentions = others;
  return { kind: 'message', message };
}

const MENTION_WORD = /(^|\s)@\S+/gu;

/**
 * The members a message mentions besides the bot, by staffId, once each. DingTalk does not name them in `atUsers`:
 * when the text holds as many `@name` words, in order, those are their names.
 */
function mentionedOthers(body: DingTalkRobotMessage, text: string): UserRef[] {
  const ids = [
    ...new Set(
      (body.atUsers ?? []).flatMap((user) => (user.staffId && user.dingtalkId !== body.chatbotUserId ? [user.staffId] : [])),
    ),
  ];
  const names = [...text.matchAll(MENTION_WORD)].map((match) => match[0].trim().slice(1));
  return ids.map((id, index) => (names.length === ids.length ? { id, name: names[index]! } : { id }));
}

export type DingTalkCardMapping = { kind: 'action'; action: InboundAction } | { kind: 'ignored'; reason: string };

/** `chatOf`: where the bot delivered a card (undefined: not a card of this bot). */
export function toCardAction(
  body: DingTalkCardCallback,
  streamMessageId: string,
  chatOf: (cardId: string) => ChatRef | undefined,
): DingTalkCardMapping {
  if (body.type !== undefined && body.type !== 'actionCallback') return { kind: 'ignored', reason: `callback type ${body.type}` };
  const cardId = body.outTrackId;
  if (!cardId || !body.userId || !streamMessageId) return { kind: 'ignored', reason: 'incomplete card callback' };
  const chat = chatOf(cardId);
  if (!chat) return { kind: 'ignored', reason: 'a card this bot did not send' };
  if (body.spaceId && body.spaceId !== chat.chatId && body.spaceId !== openSpaceId(chat)) {
    return { kind: 'ignored', reason: 'the callback names another chat than the card was sent to' };
  }
  const params = cardParams(body.content ?? body.value);
  if (params?.action === undefined) return { kind: 'ignored', reason: 'no action parameter (is the template\'s button callback set up?)' };
  return {
    kind: 'action',
    action: {
      kind: 'action',
      chat,
      user: { id: body.userId },
      dedupeId: CARD_DEDUPE_PREFIX + streamMessageId,
      value: toActionValue(params.action),
      cardMessageId: cardId,
    },
  };
}

function cardParams(content: string | undefined): Record<string, unknown> | undefined {
  try {
    const params = (JSON.parse(content ?? '') as DingTalkCardPrivateData | null)?.cardPrivateData?.params;
    return typeof params === 'object' && params !== null ? params : undefined;
  } catch {
    return undefined;
  }
}

function chatOf(body: DingTalkRobotMessage, userId: string): ChatRef | undefined {
  if (body.conversationType === '1') return { platform: 'dingtalk', chatId: userId, chatType: 'p2p' };
  if (!body.conversationId) return undefined;
  return { platform: 'dingtalk', chatId: body.conversationId, chatType: 'group' };
}

/**
 * DingTalk takes the bot's own mention out of the text; mentions of others, and of the bot in a text typed from a
 * button link, stay as `@name` words. Those before the command are dropped; line breaks of multi-line commands stay.
 */
export function stripMentions(text: string): string {
  return text
    .replace(/^(?:\s*@\S+)+[ \t\u00a0\u3000]*/u, '')
    .replace(/[ \t]+$/gm, '')
    .trim();
}
