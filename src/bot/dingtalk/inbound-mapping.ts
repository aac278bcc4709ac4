/**
 * A DingTalk robot message (HTTP callback or stream) → the neutral `InboundMessage`. Pure: no I/O, no clock.
 *
 * A group is its openConversationId. A one-to-one chat is the person's staffId, because that is what the one-to-one
 * send API (`oToMessages/batchSend`) addresses. A click on a button arrives here as an ordinary message whose text
 * carries the button's token (bot/text-click.ts). Other members mentioned (`审批人 添加 @张三`) come by staffId in
 * `atUsers`, their `@name` in the text.
 */
import type { ChatRef, InboundMessage, UserRef } from '../platform.js';
import type { DingTalkRobotMessage } from './wire.js';

const DEDUPE_PREFIX = 'dingtalk:';

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
