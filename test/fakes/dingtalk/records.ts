/** What the fake DingTalk open platform records, for tests to read. */
import type { ReadCard } from './markdown-reading.js';

export interface FakeDingTalkMessage {
  /** The send API's answer, our message id; for an interactive card its outTrackId, the bot's id of it. */
  processQueryKey: string;
  /** A group's openConversationId, or the staffId of a one-to-one chat. */
  chatId: string;
  chatType: 'group' | 'p2p';
  msgKey: string;
  /** `msgParam`, parsed. */
  param: any;
  /** `sampleText`: the text as shown. */
  text?: string;
  /** `sampleMarkdown`, or an interactive card: the card as a person reads it now. */
  card?: ReadCard;
  /** An interactive card as first delivered (it changes in place). */
  firstCard?: ReadCard;
  /** An interactive card (`msgKey` `interactiveCard`): the instance behind it. */
  instance?: FakeCardInstance;
  /** `sampleImageMsg`: the uploaded image's bytes. */
  image?: Buffer;
  createdAt: number;
}

export interface FakeDingTalkCall {
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  /** The `code` (v1.0) or `errcode` (oapi) of the answer. */
  code?: string;
}

/** An error the fake answers the next calls with (see `failNext`). */
export interface InjectedFailure {
  status: number;
  /** The v1.0 API's `code`; on the legacy API (`media/upload`, `topapi/…`) the numeric `errcode`. */
  code: string;
  message: string;
  headers?: Record<string, string>;
  /** Only a call to this path fails; absent = the next API call, whatever it is. */
  path?: string;
}

/** A card instance created with `card/instances/createAndDeliver` and changed with `PUT card/instances`. */
export interface FakeCardInstance {
  outTrackId: string;
  templateId: string;
  /** The `openSpaceId` it was delivered to. */
  openSpaceId: string;
  /** Every `cardParamMap` it showed, first to last (updates merged by key). */
  versions: Array<Record<string, string>>;
}
