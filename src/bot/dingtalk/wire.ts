/**
 * DingTalk wire shapes this adapter reads and writes (shared/design/platforms.md, DingTalk). Only the fields we use
 * are typed; everything else is ignored.
 */

/** A robot message: the HTTP callback's body, and the `data` of a stream callback on TOPIC_ROBOT. */
export interface DingTalkRobotMessage {
  msgId?: string;
  msgtype?: string;
  text?: { content?: string };
  createAt?: number;
  /** '1' one-to-one, '2' group. */
  conversationType?: string;
  /** The group's openConversationId (also set for one-to-one chats). */
  conversationId?: string;
  senderId?: string;
  senderNick?: string;
  /** Set for members of the organisation: the id OpenAPI one-to-one sends and APPROVERS use. */
  senderStaffId?: string;
  robotCode?: string;
  chatbotUserId?: string;
  /** Whether the bot was mentioned (group). */
  isInAtList?: boolean;
  atUsers?: Array<{ dingtalkId?: string; staffId?: string }>;
}

/** `msgKey` values of the robot send APIs and the `msgParam` each takes. */
export type DingTalkMessageParam =
  | { msgKey: 'sampleText'; msgParam: { content: string } }
  | { msgKey: 'sampleMarkdown'; msgParam: { title: string; text: string } }
  | { msgKey: 'sampleImageMsg'; msgParam: { photoURL: string } };

/** Errors of the v1.0 OpenAPI: an HTTP status ≥ 400 with this body. */
export interface DingTalkErrorBody {
  code?: string;
  message?: string;
  requestid?: string;
}

/** `POST /v1.0/oauth2/accessToken` */
export interface DingTalkTokenBody {
  accessToken?: string;
  /** Seconds. */
  expireIn?: number;
}

/** Legacy oapi answers (`media/upload`, `topapi/…`): HTTP 200 with `errcode`. */
export interface DingTalkOapiBody {
  errcode?: number;
  errmsg?: string;
  media_id?: string;
}

/** `POST topapi/v2/user/get` {userid, language}: a member of the organisation by staffId. */
export interface DingTalkUserBody extends DingTalkOapiBody {
  result?: { userid?: string; name?: string };
}
