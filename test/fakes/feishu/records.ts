/** What the fake Feishu platform records, for tests to read. */

export interface FakeFeishuMessage {
  messageId: string;
  chatId: string;
  msgType: string;
  /** `content` parsed from its JSON string; for a card, the card JSON (replaced by later PATCHes). */
  content: any;
  /** The card as first sent, before any PATCH. */
  originalContent: any;
  uuid?: string;
  /** Set for replies (`POST /im/v1/messages/:id/reply`). */
  replyTo?: string;
  /** The app that sent it. */
  appId: string;
  /** It mentions everyone in the chat (`<at user_id="all">`); a bot should never do that. */
  mentionsEveryone: boolean;
  createdAt: number;
}

export interface FakeFeishuPatch {
  messageId: string;
  content: any;
  at: number;
}

export interface FakeFeishuCardUpdate {
  token: string;
  card: any;
  at: number;
}

export interface FakeFeishuCall {
  method: string;
  /** Path without the query string. */
  path: string;
  query: string;
  status: number;
  /** The `code` of the JSON answer. */
  code?: number;
}

/** An error the fake answers the next calls with (see `failNext`). */
export interface InjectedFailure {
  status: number;
  code: number;
  msg: string;
  headers?: Record<string, string>;
  /** Only a call to this path fails (e.g. '/open-apis/im/v1/images'); absent = the next call, whatever it is. */
  path?: string;
  /** Only calls this accepts meet the failure (e.g. PATCHes of cards); default every call. */
  only?: (method: string, path: string) => boolean;
}
