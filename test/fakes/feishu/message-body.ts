/** Reading a message body the SDK sent (`msg_type` + JSON-string `content`) and shaping the message the API answers. */
import type { FakeFeishuMessage } from './records.js';

const MESSAGE_TYPES = new Set(['text', 'post', 'image', 'interactive']);

export type ParsedMessage = { msgType: string; content: unknown } | { error: string; code: number };

export function parseMessageBody(body: Record<string, unknown> | undefined, images: Map<string, Buffer>): ParsedMessage {
  const msgType = body?.msg_type;
  if (typeof msgType !== 'string' || !MESSAGE_TYPES.has(msgType)) return { error: 'invalid msg_type', code: 230001 };
  const content = parseJsonString(body?.content);
  if (content === undefined) return { error: 'content is not a JSON string', code: 230001 };
  if (msgType === 'image' && !images.has((content as { image_key?: string }).image_key ?? '')) {
    return { error: 'image_key not found', code: 230001 };
  }
  return { msgType, content };
}

export function parseJsonString(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

export function messageData(message: FakeFeishuMessage): Record<string, unknown> {
  const time = String(message.createdAt);
  return {
    message_id: message.messageId,
    parent_id: message.replyTo,
    msg_type: message.msgType,
    create_time: time,
    update_time: time,
    deleted: false,
    updated: false,
    chat_id: message.chatId,
    sender: { id: message.appId, id_type: 'app_id', sender_type: 'app' },
    body: { content: JSON.stringify(message.content) },
  };
}
