/**
 * Feishu payloads (as flattened by the SDK) → the neutral `Inbound` shapes. Pure functions: no I/O, no clock.
 */
import { createHash } from 'node:crypto';
import { stringifyValues, toActionValue } from '../action-value.js';
import type { ChatRef, InboundAction, InboundMessage, UserRef } from '../platform.js';
import type {
  FeishuCardAction,
  FeishuCardActionEventData,
  FeishuMention,
  FeishuMessageEventData,
  FeishuOldCardCallbackData,
} from './wire.js';

const DEDUPE_PREFIX = 'feishu:';

/** Why a message is not handed to the bot (logged at debug), or the message itself. */
export type MessageMapping = { kind: 'message'; message: InboundMessage } | { kind: 'ignored'; reason: string };

export function toInboundMessage(data: FeishuMessageEventData, botOpenId: string | undefined): MessageMapping {
  const { sender, message } = data;
  const senderOpenId = sender?.sender_id?.open_id;
  if (sender?.sender_type === 'app') return { kind: 'ignored', reason: 'sent by an app' };
  if (botOpenId && senderOpenId === botOpenId) return { kind: 'ignored', reason: 'sent by this bot' };
  if (!data.event_id || !message?.message_id || !message.chat_id || !senderOpenId) {
    return { kind: 'ignored', reason: 'incomplete event' };
  }
  const text = messageText(message.message_type, message.content);
  if (text === undefined) return { kind: 'ignored', reason: `unsupported message type ${message.message_type}` };
  const chatType = message.chat_type === 'p2p' ? 'p2p' : 'group';
  const inbound: InboundMessage = {
    kind: 'message',
    chat: { platform: 'feishu', chatId: message.chat_id, chatType },
    user: { id: senderOpenId },
    dedupeId: DEDUPE_PREFIX + data.event_id,
    replyTo: message.message_id,
    text: stripMentions(text),
    mentioned: chatType === 'p2p' || mentionsBot(message.mentions ?? [], botOpenId),
  };
  const others = mentionedOthers(message.mentions ?? [], botOpenId, text);
  if (others.length > 0) inbound.mentions = others;
  return { kind: 'message', message: inbound };
}

/** Unknown bot identity: any mention counts (a group bot only receives messages that mention someone anyway). */
function mentionsBot(mentions: FeishuMention[], botOpenId: string | undefined): boolean {
  if (!botOpenId) return mentions.length > 0;
  return mentions.some((mention) => mention.id?.open_id === botOpenId);
}

/**
 * The people a message mentions besides the bot (e.g. `审批人 添加 @张三`), once each. While the bot's own open_id is
 * unknown, the mentions the text starts with are taken for the bot: that is where a group addresses it.
 */
function mentionedOthers(mentions: FeishuMention[], botOpenId: string | undefined, text: string): UserRef[] {
  const leading = new Set(/^(?:\s*@_user_\d+)+/.exec(text)?.[0].match(/@_user_\d+/g) ?? []);
  const isBot = (mention: FeishuMention) => (botOpenId ? mention.id?.open_id === botOpenId : leading.has(mention.key ?? ''));
  const seen = new Map<string, UserRef>();
  for (const mention of mentions) {
    const id = mention.id?.open_id;
    if (!id || isBot(mention) || seen.has(id)) continue;
    seen.set(id, mention.name ? { id, name: mention.name } : { id });
  }
  return [...seen.values()];
}

/** Text of a `text` or `post` message; undefined for other types. */
export function messageText(messageType: string | undefined, content: string | undefined): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content ?? '');
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  if (messageType === 'text') {
    const text = (parsed as { text?: unknown }).text;
    return typeof text === 'string' ? text : undefined;
  }
  if (messageType === 'post') return postText(parsed as Record<string, unknown>);
  return undefined;
}

type PostElement = { tag?: string; text?: string };

/** A post is paragraphs of elements; received posts may be wrapped by locale (`{zh_cn: {title, content}}`). */
function postText(post: Record<string, unknown>): string | undefined {
  const body = Array.isArray(post.content) ? post : Object.values(post).find((value) => isPostBody(value));
  if (!isPostBody(body)) return undefined;
  const paragraphs = body.content as PostElement[][];
  return paragraphs
    .map((paragraph) =>
      (Array.isArray(paragraph) ? paragraph : [])
        .filter((element) => element.tag === 'text' || element.tag === 'a' || element.tag === 'code_inline')
        .map((element) => element.text ?? '')
        .join(''),
    )
    .join('\n');
}

function isPostBody(value: unknown): value is { content: unknown[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { content?: unknown }).content);
}

/** Removes `@_user_N` / `@_all` placeholders (and the space after each), keeping line breaks of multi-line commands. */
export function stripMentions(text: string): string {
  return text
    .replace(/@_(?:user_\d+|all)[ \t]?/g, '')
    .replace(/[ \t]+$/gm, '')
    .trim();
}

/** A v2 `card.action.trigger` callback; undefined when it lacks what an action needs. */
export function toInboundActionV2(data: FeishuCardActionEventData): InboundAction | undefined {
  const userId = data.operator?.open_id;
  const chatId = data.context?.open_chat_id;
  if (!data.event_id || !userId || !chatId) return undefined;
  return buildAction(data.action, {
    chat: chatOf(chatId),
    userId,
    dedupeId: DEDUPE_PREFIX + data.event_id,
    cardMessageId: data.context?.open_message_id,
  });
}

/** An old-style card callback: it has no event id, so the click's update token, card and value identify it. */
export function toInboundActionOld(data: FeishuOldCardCallbackData): InboundAction | undefined {
  if (!data.open_id || !data.open_chat_id) return undefined;
  const identity = JSON.stringify([data.token ?? '', data.open_message_id ?? '', data.action?.value ?? null]);
  const digest = createHash('sha256').update(identity).digest('hex').slice(0, 32);
  return buildAction(data.action, {
    chat: chatOf(data.open_chat_id),
    userId: data.open_id,
    dedupeId: `${DEDUPE_PREFIX}card:${digest}`,
    cardMessageId: data.open_message_id,
  });
}

/** Card callbacks do not say what kind of chat the card is in; group is the case the bot is built for. */
function chatOf(chatId: string): ChatRef {
  return { platform: 'feishu', chatId, chatType: 'group' };
}

function buildAction(
  action: FeishuCardAction | undefined,
  fields: { chat: ChatRef; userId: string; dedupeId: string; cardMessageId?: string },
): InboundAction {
  const inbound: InboundAction = {
    kind: 'action',
    chat: fields.chat,
    user: { id: fields.userId },
    dedupeId: fields.dedupeId,
    value: toActionValue(action?.value),
  };
  if (fields.cardMessageId) {
    inbound.cardMessageId = fields.cardMessageId;
    inbound.replyTo = fields.cardMessageId;
  }
  if (action?.form_value && typeof action.form_value === 'object') inbound.form = stringifyValues(action.form_value);
  return inbound;
}
