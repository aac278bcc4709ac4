/**
 * Exactly what DingTalk POSTs to a robot's HTTP callback: the message body, and the headers `timestamp` (ms) and
 * `sign` = Base64(HMAC-SHA256(appSecret, timestamp + "\n" + appSecret)). And the `data` of a card click pushed over
 * the stream.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { SignedRequest } from '../deliver.js';

export interface RobotMessageFields {
  conversationId: string;
  chatType: 'group' | 'p2p';
  /** The member's staffId. */
  userId: string;
  userName?: string;
  /** The text as the robot receives it (the bot's own mention already taken out). */
  text: string;
  robotCode: string;
  msgId?: string;
  /** Whether the bot was mentioned (group). */
  mentioned?: boolean;
  /** Other members mentioned (their `@name` is in `text`), by staffId. */
  mentionedStaffIds?: string[];
}

export function robotMessage(fields: RobotMessageFields): Record<string, unknown> {
  const now = Date.now();
  return {
    msgtype: 'text',
    text: { content: fields.text },
    msgId: fields.msgId ?? `msg${randomBytes(10).toString('base64url')}`,
    createAt: now,
    conversationType: fields.chatType === 'p2p' ? '1' : '2',
    conversationId: fields.conversationId,
    conversationTitle: fields.chatType === 'group' ? '财务群' : undefined,
    senderId: `$:LWCP_v1:$${fields.userId}`,
    senderNick: fields.userName ?? fields.userId,
    senderCorpId: 'ding-corp',
    senderStaffId: fields.userId,
    chatbotUserId: '$:LWCP_v1:$bot',
    chatbotCorpId: 'ding-corp',
    robotCode: fields.robotCode,
    isAdmin: false,
    isInAtList: fields.chatType === 'group' ? (fields.mentioned ?? true) : undefined,
    atUsers: [
      ...(fields.mentioned === false ? [] : [{ dingtalkId: '$:LWCP_v1:$bot' }]),
      ...(fields.mentionedStaffIds ?? []).map((staffId) => ({ dingtalkId: `$:LWCP_v1:$${staffId}`, staffId })),
    ],
    sessionWebhook: 'http://127.0.0.1:9/robot/sendBySession?session=fake',
    sessionWebhookExpiredTime: now + 90 * 60_000,
  };
}

export function callbackSign(timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
}

/** `timestamp` in ms, default now: an older one is how a replay looks. */
export function signedCallback(body: unknown, appSecret: string, timestamp = Date.now()): SignedRequest {
  const stamp = String(timestamp);
  return {
    headers: { 'content-type': 'application/json', timestamp: stamp, sign: callbackSign(stamp, appSecret) },
    body: JSON.stringify(body),
  };
}

export interface CardClickFields {
  outTrackId: string;
  /** Who clicked (staffId). */
  userId: string;
  /** The button's callback parameters. */
  params: Record<string, unknown>;
  /** The space, as DingTalk sometimes names it (often both empty). */
  spaceType?: string;
  spaceId?: string;
}

/** A click on an interactive card's button, as DingTalk pushes it on `/v1.0/card/instances/callback`. */
export function cardClick(fields: CardClickFields): Record<string, unknown> {
  const content = JSON.stringify({ cardPrivateData: { actionIds: ['button_action'], params: fields.params } });
  return {
    extension: '{}',
    corpId: 'ding-corp',
    spaceType: fields.spaceType ?? '',
    spaceId: fields.spaceId ?? '',
    userIdType: 1,
    type: 'actionCallback',
    userId: fields.userId,
    content,
    outTrackId: fields.outTrackId,
    value: content,
  };
}
