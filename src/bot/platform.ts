/**
 * The neutral language between chat platforms (Feishu, DingTalk, the console) and the bot.
 * Receivers turn platform payloads into `Inbound`; senders turn `Card`, text and images into platform calls.
 * Commands and workflows see only these types.
 */

export type PlatformName = 'feishu' | 'dingtalk' | 'console';

/** Where a conversation lives: enough for any sender to post into it again, even after a restart. */
export interface ChatRef {
  platform: PlatformName;
  /** Feishu chat_id, DingTalk openConversationId. */
  chatId: string;
  /** p2p chats answer without a mention. */
  chatType: 'group' | 'p2p';
}

export interface UserRef {
  /** Feishu open_id, DingTalk staffId. */
  id: string;
  name?: string;
}

/** A structured button or form value: what a card click carries back, never a text command to re-parse. */
export type ActionValue = Record<string, string>;

interface InboundBase {
  chat: ChatRef;
  user: UserRef;
  /** Platform id of this delivery, stable across the platform's retries: the dedupe key. */
  dedupeId: string;
  /** The message a reply should quote, when the platform has one. */
  replyTo?: string;
}

export interface InboundMessage extends InboundBase {
  kind: 'message';
  /** Text with @mentions stripped and whitespace trimmed. */
  text: string;
  /** In a group, whether the bot was mentioned (p2p: always true). */
  mentioned: boolean;
  /** People mentioned in the message other than the bot, in order, with the names the platform showed; absent = none. */
  mentions?: UserRef[];
}

export interface InboundAction extends InboundBase {
  kind: 'action';
  /** The button's structured value; `op` names what to do. */
  value: ActionValue;
  /** Submitted form fields, for a form card. */
  form?: Record<string, string>;
  /** The card the click came from, so the answer can update it. */
  cardMessageId?: string;
  /**
   * The click arrived as a typed message carrying the button's one-time token (store/action-tokens.ts): there is no
   * callback to answer, so the answer's toast and card are posted as messages instead.
   */
  viaText?: boolean;
}

export type Inbound = InboundMessage | InboundAction;

/** The colour of a card's header: what state the thing it shows is in. */
export type CardState = 'info' | 'pending' | 'success' | 'danger' | 'neutral';

export interface CardButton {
  text: string;
  value: ActionValue;
  style?: 'primary' | 'danger' | 'default';
  /** Asks "are you sure" before the click is sent, where the platform can. */
  confirm?: string;
}

export interface CardField {
  label: string;
  value: string;
}

export interface FormInput {
  /** Form field name; the submitted value comes back under it. */
  name: string;
  label: string;
  placeholder?: string;
  /** Pre-filled value (a rejected form is posted again with what the user typed). */
  value?: string;
  required?: boolean;
}

export interface CardForm {
  name: string;
  inputs: FormInput[];
  submit: CardButton;
  /** Extra buttons inside the form (also submit the form values, e.g. "add a line"). */
  extraButtons?: CardButton[];
  /**
   * The same request typed as one message (a command with its keys, what was filled in kept), for platforms without
   * forms (DingTalk): shown for the person to copy, fill in and send.
   */
  template?: string;
}

export interface CardImage {
  /** PNG bytes; the sender uploads them. */
  png: Buffer;
  alt: string;
}

/**
 * One run of card body text. A string is plain text shown exactly as written — user data is welcome there, each
 * renderer escapes it for its own markup, so a name can never become a mention, a link or formatting. `strong` is
 * bold plain text; `link` is a link the bot made (its `url` never comes from a user; renderers drop non-http ones).
 */
export type CardSpan = string | { strong: string } | { link: string; text: string };

/** Card body text: spans in order; `\n` inside a string breaks the line. No platform syntax anywhere. */
export type CardText = readonly CardSpan[];

/** A neutral interactive card. Each platform renders what it can of it. Every string in it is plain text. */
export interface Card {
  title: string;
  state: CardState;
  /** Label and value pairs; both plain text. */
  fields?: CardField[];
  body?: CardText;
  image?: CardImage;
  form?: CardForm;
  buttons?: CardButton[];
  /** Small grey text at the bottom. */
  note?: string;
}

/** What the platform gave back for a sent message; enough to update it later. */
export interface SentMessage {
  messageId: string;
}

export interface ChatSender {
  readonly platform: PlatformName;
  /**
   * Every send takes an idempotency key: a send retried with the same key (after a crash, a rate limit)
   * posts once. Keys are derived from the job and step, never random.
   */
  sendText(chat: ChatRef, text: string, idempotencyKey: string): Promise<SentMessage>;
  sendImage(chat: ChatRef, png: Buffer, idempotencyKey: string): Promise<SentMessage>;
  sendCard(chat: ChatRef, card: Card, idempotencyKey: string): Promise<SentMessage>;
  /**
   * Replaces a card the bot sent earlier. Absent where the platform cannot: callers post the new state as a new
   * message instead (bot/card-update.ts).
   */
  updateCard?(chat: ChatRef, messageId: string, card: Card): Promise<void>;
}

/** A sender of a platform that can replace a card it sent (Feishu). */
export type CardUpdatingSender = ChatSender & Required<Pick<ChatSender, 'updateCard'>>;

/** Who a platform user is: a platform's address book, asked by id. */
export interface UserDirectory {
  /** The person's display name; undefined when the platform does not know them. Throws when it cannot be asked. */
  lookupName(userId: string): Promise<string | undefined>;
}

/** What a card-click handler may answer at once, inside the platform's 3-second window. */
export interface ActionAnswer {
  toast?: { type: 'success' | 'info' | 'warning' | 'error'; text: string };
  /** Replaces the clicked card in the same answer. */
  card?: Card;
}

/** The bot's single entry point for everything a receiver decodes. */
export type InboundHandler = (inbound: Inbound) => Promise<ActionAnswer | void>;

/**
 * The durable inbox every receiver writes to before it acknowledges: a platform's retry runs once, and a delivery
 * acknowledged but not finished when the process stopped runs again on start.
 */
export interface Inbox {
  /** True the first time `dedupeId` is seen, false for DEDUPE_WINDOW_MS after (replay-window.ts); on disk when it resolves true. */
  accept(inbound: Inbound): Promise<boolean>;
  /** The delivery was handled: a restart does not run it again. */
  done(dedupeId: string): Promise<void>;
  /** Deliveries accepted but never finished, oldest first. */
  pending(): Inbound[];
}
