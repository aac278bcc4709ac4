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

/** `POST /v1.0/card/instances/createAndDeliver`: one result per space the card was delivered to. */
export interface DingTalkCardDeliverAnswer {
  success?: boolean;
  result?: {
    outTrackId?: string;
    deliverResults?: Array<{ spaceType?: string; spaceId?: string; success?: boolean; errorMsg?: string; carrierId?: string }>;
  };
}

/**
 * A click on an interactive card's button: the `data` of a stream callback on TOPIC_CARD
 * (`/v1.0/card/instances/callback`). `content` (and `value`, the same) is JSON:
 * `{"cardPrivateData":{"actionIds":[…],"params":{…}}}`, `params` holding what the button's callback sends.
 */
export interface DingTalkCardCallback {
  /** `actionCallback` for a button's 回传请求. */
  type?: string;
  outTrackId?: string;
  /** The person who clicked: a staffId (userIdType 1, what the bot asks for when it creates the card). */
  userId?: string;
  userIdType?: number;
  corpId?: string;
  /** The space of the card, where DingTalk names it (often empty): `IM_GROUP` and the group's openConversationId. */
  spaceType?: string;
  spaceId?: string;
  content?: string;
  value?: string;
  extension?: string;
}

/** What `content` holds. */
export interface DingTalkCardPrivateData {
  cardPrivateData?: { actionIds?: string[]; params?: Record<string, unknown> };
}
