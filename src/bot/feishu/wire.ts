/**
 * Feishu wire shapes this adapter reads and writes. Only the fields we use are typed; everything else is ignored.
 * Events reach our handlers flattened by the SDK's EventDispatcher: `header` and `event` merged into one object.
 */

/** `im.message.receive_v1`, as flattened by the SDK (header fields + event fields). */
export interface FeishuMessageEventData {
  event_id?: string;
  event_type?: string;
  token?: string;
  app_id?: string;
  sender?: {
    sender_id?: { open_id?: string; union_id?: string; user_id?: string };
    /** 'user' for people, 'app' for bots (including this one). */
    sender_type?: string;
  };
  message?: {
    message_id?: string;
    chat_id?: string;
    chat_type?: string;
    message_type?: string;
    /** A JSON string: text `{"text":"…"}`, post `{"title","content":[[…]]}` (possibly wrapped by locale). */
    content?: string;
    mentions?: FeishuMention[];
  };
}

export interface FeishuMention {
  /** The placeholder in the text, `@_user_1`. */
  key?: string;
  id?: { open_id?: string; union_id?: string; user_id?: string };
  name?: string;
}

/** `card.action.trigger` (callback v2), flattened by the SDK. */
export interface FeishuCardActionEventData {
  event_id?: string;
  event_type?: string;
  /** For v2 the flattened header token (verification token) is overwritten by the event's update token. */
  token?: string;
  operator?: { open_id?: string; user_id?: string; union_id?: string };
  action?: FeishuCardAction;
  context?: { open_message_id?: string; open_chat_id?: string };
}

/** The old-style card callback body (card request URL). */
export interface FeishuOldCardCallbackData {
  open_id?: string;
  user_id?: string;
  open_message_id?: string;
  open_chat_id?: string;
  tenant_key?: string;
  /** Update token of this click: unique per click. */
  token?: string;
  action?: FeishuCardAction;
}

export interface FeishuCardAction {
  tag?: string;
  name?: string;
  value?: unknown;
  form_value?: Record<string, unknown>;
}

/** What a card callback may answer (v2): a toast and/or a replacement card. */
export interface FeishuCardCallbackAnswer {
  toast?: { type: 'success' | 'info' | 'warning' | 'error'; content: string };
  card?: { type: 'raw'; data: FeishuCardJson };
}

/** Card JSON 2.0. Elements are loosely typed: the renderer builds them, tests read them back. */
export interface FeishuCardJson {
  schema: '2.0';
  config?: Record<string, unknown>;
  header: {
    title: { tag: 'plain_text'; content: string };
    template: string;
  };
  body: { elements: FeishuCardElement[] };
}

export type FeishuCardElement = { tag: string } & Record<string, unknown>;

/** The common envelope of an open-platform API answer. */
export interface FeishuApiBody<T = unknown> {
  code?: number;
  msg?: string;
  data?: T;
}
