/**
 * One chat platform as the composition root sees it: its sender, the HTTP routes it is called on (a webhook), and
 * what it owns that has a lifetime (a token refresher, a stream connection). `app.ts` loops over the adapters the
 * configuration enables; nothing outside an adapter's folder knows its platform.
 */
import type Router from 'koa-router';
import type { DeliveryPipeline } from './delivery.js';
import type { ChatSender, PlatformName, UserDirectory } from './platform.js';

export interface PlatformAdapter {
  readonly name: PlatformName;
  readonly sender: ChatSender;
  /** The platform's address book, for names on cards (absent where there is none). */
  readonly directory?: UserDirectory;
  /** Adds the routes the platform calls; every delivery goes through `pipeline` (inbox before the answer). */
  mount?(router: Router, pipeline: DeliveryPipeline): void;
  /** Connects what the adapter owns; called once the routes are mounted. A failure here is logged, not fatal. */
  start(): Promise<void>;
  /** Disconnects; called before the store closes. */
  stop(): Promise<void>;
}
