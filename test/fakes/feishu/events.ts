/**
 * Builders for exactly what Feishu POSTs to a bot: schema 2.0 events, encrypted bodies with the sha256 signature
 * headers, v2 card callbacks, old-style card callbacks with the sha1 signature, and the url_verification challenge.
 */
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SignedRequest } from '../deliver.js';
import { findButtonValue } from './card-reading.js';

export { deliver, type SignedRequest } from '../deliver.js';

export interface SignOptions {
  encryptKey: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  nonce?: string;
}

/** `{encrypt}` = base64(iv ‖ AES-256-CBC/PKCS7(JSON)), keyed sha256(encryptKey). */
export function encryptPayload(payload: unknown, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const encrypted = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, encrypted]).toString('base64');
}

/** An encrypted event with `X-Lark-Signature = sha256(timestamp + nonce + encryptKey + body)`. */
export function signedEvent(payload: unknown, options: SignOptions): SignedRequest {
  const body = JSON.stringify({ encrypt: encryptPayload(payload, options.encryptKey) });
  return signRequest(body, 'sha256', options.encryptKey, options);
}

/**
 * Feishu pushing a delivery again because it got no 200 in time (after 15 s, 5 min, 1 h, 6 h): the same body with
 * the same `X-Lark-Request-Timestamp` as the first push, signed again. Decided: a fresh nonce (whether Feishu keeps
 * the first one is not documented). A receiver that rejects old timestamps must still run a re-push once.
 */
export function rePush(original: SignedRequest, options: { encryptKey: string; nonce?: string }): SignedRequest {
  const timestamp = Number(original.headers['x-lark-request-timestamp']);
  return signRequest(original.body, 'sha256', options.encryptKey, { timestamp, nonce: options.nonce });
}

/** Feishu's header signature: hex(hash(timestamp + nonce + secret + body)), sha256 for events, sha1 for old cards. */
function signRequest(
  body: string,
  algorithm: 'sha256' | 'sha1',
  secret: string,
  options: { timestamp?: number; nonce?: string },
): SignedRequest {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(8).toString('hex');
  const signature = createHash(algorithm).update(timestamp + nonce + secret + body).digest('hex');
  return {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': signature,
    },
    body,
  };
}

/** An encrypted body without signature headers: how url_verification arrives when an Encrypt Key is set. */
export function encryptedUnsigned(payload: unknown, encryptKey: string): SignedRequest {
  return {
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ encrypt: encryptPayload(payload, encryptKey) }),
  };
}

export function urlVerification(challenge: string, verificationToken: string): Record<string, unknown> {
  return { challenge, token: verificationToken, type: 'url_verification' };
}

function eventHeader(eventType: string, options: { eventId?: string; verificationToken?: string; appId?: string }) {
  return {
    event_id: options.eventId ?? randomUUID().replace(/-/g, ''),
    token: options.verificationToken ?? 'fake-verification-token',
    create_time: String(Date.now()),
    event_type: eventType,
    tenant_key: 'tenant_fake',
    app_id: options.appId ?? 'cli_fake_app',
  };
}

export interface MessageEventOptions {
  chatId: string;
  /** The sender's open_id. */
  userId: string;
  text: string;
  chatType?: 'group' | 'p2p';
  /** Prefix the text with `@_user_1` and list the bot among mentions. */
  mentionBot?: boolean;
  botOpenId?: string;
  botName?: string;
  /** Other people mentioned after the bot (placeholders `@_user_2`, …, appended to the text). */
  mentionOthers?: Array<{ openId: string; name: string }>;
  eventId?: string;
  messageId?: string;
  /** 'app' for a message sent by a bot. */
  senderType?: 'user' | 'app';
  verificationToken?: string;
  appId?: string;
}

/** `im.message.receive_v1`, schema 2.0, text message. */
export function messageEvent(options: MessageEventOptions): Record<string, unknown> {
  const mentions: Array<Record<string, unknown>> = [];
  let text = options.text;
  const mention = (openId: string, name: string): string => {
    const key = `@_user_${mentions.length + 1}`;
    mentions.push({ key, id: { open_id: openId, union_id: `on_${openId}`, user_id: '' }, name, tenant_key: 'tenant_fake' });
    return key;
  };
  if (options.mentionBot) text = `${mention(options.botOpenId ?? 'ou_fake_bot', options.botName ?? '开票助手')} ${text}`;
  for (const other of options.mentionOthers ?? []) text = `${text} ${mention(other.openId, other.name)}`;
  return {
    schema: '2.0',
    header: eventHeader('im.message.receive_v1', options),
    event: {
      sender: {
        sender_id: { open_id: options.userId, union_id: `on_${options.userId}`, user_id: '' },
        sender_type: options.senderType ?? 'user',
        tenant_key: 'tenant_fake',
      },
      message: {
        message_id: options.messageId ?? `om_${randomBytes(8).toString('hex')}`,
        create_time: String(Date.now()),
        chat_id: options.chatId,
        chat_type: options.chatType ?? 'group',
        message_type: 'text',
        content: JSON.stringify({ text }),
        ...(mentions.length ? { mentions } : {}),
      },
    },
  };
}

export interface CardActionEventOptions {
  chatId: string;
  userId: string;
  /** The card message clicked. */
  messageId: string;
  value: Record<string, unknown>;
  formValue?: Record<string, unknown>;
  eventId?: string;
  /** The card update token of this click. */
  token?: string;
  verificationToken?: string;
  appId?: string;
}

/** `card.action.trigger` (card callback v2), schema 2.0. */
export function cardActionEvent(options: CardActionEventOptions): Record<string, unknown> {
  return {
    schema: '2.0',
    header: eventHeader('card.action.trigger', options),
    event: {
      operator: { tenant_key: 'tenant_fake', user_id: '', open_id: options.userId, union_id: `on_${options.userId}` },
      token: options.token ?? `c-${randomBytes(12).toString('hex')}`,
      action: {
        value: options.value,
        tag: 'button',
        ...(options.formValue ? { form_value: options.formValue, name: 'form_btn_0' } : {}),
      },
      host: 'im_message',
      context: { open_message_id: options.messageId, open_chat_id: options.chatId },
    },
  };
}

export interface OldCardCallbackOptions {
  chatId: string;
  userId: string;
  messageId: string;
  value: Record<string, unknown>;
  formValue?: Record<string, unknown>;
  verificationToken: string;
  token?: string;
  timestamp?: number;
  nonce?: string;
}

/** Old-style card callback (card request URL): `X-Lark-Signature = sha1(timestamp + nonce + verificationToken + body)`. */
export function oldCardCallback(options: OldCardCallbackOptions): SignedRequest {
  const body = JSON.stringify({
    open_id: options.userId,
    user_id: '',
    open_message_id: options.messageId,
    open_chat_id: options.chatId,
    tenant_key: 'tenant_fake',
    token: options.token ?? `c-${randomBytes(12).toString('hex')}`,
    action: { value: options.value, tag: 'button', ...(options.formValue ? { form_value: options.formValue } : {}) },
  });
  return signRequest(body, 'sha1', options.verificationToken, options);
}


/**
 * The `card.action.trigger` event of a person clicking the button labelled `buttonText` on a card the bot sent
 * (a message recorded by the fake platform), with the value that button carries.
 */
export function clickEvent(
  message: { messageId: string; chatId: string; content: unknown },
  buttonText: string,
  options: { userId: string; formValue?: Record<string, unknown>; eventId?: string; verificationToken?: string; appId?: string },
): Record<string, unknown> {
  return cardActionEvent({
    chatId: message.chatId,
    messageId: message.messageId,
    value: findButtonValue(message.content, buttonText),
    ...options,
  });
}
