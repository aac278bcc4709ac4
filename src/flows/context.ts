/** Everything a workflow needs, handed in once at start-up (the composition root builds it). */
import type { Logger } from 'pino';
import type { FaceAuthApp, TaxAccount, TaxProvider } from '../api/provider.js';
import type { ChatRef, ChatSender, PlatformName } from '../bot/platform.js';
import type { UserNames } from '../bot/user-names.js';
import type { ApproverList } from '../store/approvers.js';
import type { ChatRepository } from '../store/chats.js';
import type { JobRepository } from '../store/jobs.js';
import type { SessionRepository } from '../store/sessions.js';
import type { Backoff, Scheduler } from './scheduler.js';

export interface FlowTiming {
  /** Re-polling a job the provider answered 202 for. */
  jobPoll: Backoff;
  /** Retrying after a transient provider failure that outlasted the client's own retries. */
  jobRetry: Backoff;
  /**
   * Transient failures in a row before the chat is told the job is still being retried (it is never given up). Each
   * one already outlasted the client's own retries (a minute by default), so the default tells at the first: a card
   * at 开具中… with no word in the chat for the half hour eight failures take reads as a hang.
   */
  stillTryingAfterFailures: number;
  /** Polling `auth/result` while the clerk scans. */
  faceAuthPoll: Backoff;
  /** A QR nobody scanned is given up after this long (the provider says 312 sooner, usually). */
  faceAuthGiveUpMs: number;
  /** The provider forgets a taskId after 8 h; past this age a job is reconciled with a query before resubmitting. */
  reconcileAfterMs: number;
  /** Checking a red-letter confirmation that waits for the buyer (they may take up to 72 hours). */
  confirmationWatch: Backoff;
}

export const DEFAULT_TIMING: FlowTiming = {
  jobPoll: { initialMs: 2_000, maxMs: 30_000, factor: 1.5 },
  jobRetry: { initialMs: 30_000, maxMs: 10 * 60_000, factor: 2 },
  stillTryingAfterFailures: 1,
  faceAuthPoll: { initialMs: 2_000, maxMs: 5_000, factor: 1.3 },
  faceAuthGiveUpMs: 10 * 60_000,
  reconcileAfterMs: 7.5 * 3600_000,
  confirmationWatch: { initialMs: 60_000, maxMs: 30 * 60_000, factor: 2 },
};

export interface FlowContext {
  provider: TaxProvider;
  /** The seller account every chat issues under. */
  account: TaxAccount;
  accountKey: string;
  faceAuthApp: FaceAuthApp;
  jobs: JobRepository;
  sessions: SessionRepository;
  /** The chats the bot is used in (home-chat.ts). */
  chats: ChatRepository;
  senders: Partial<Record<PlatformName, ChatSender>>;
  /** Who approves now (APPROVERS and the chat's changes); empty = no approval step. */
  approvers: ApproverList;
  /** People's names for cards, toasts and 状态. */
  names: UserNames;
  scheduler: Scheduler;
  logger: Logger;
  now: () => number;
  timing: FlowTiming;
}

export function senderFor(ctx: FlowContext, chat: ChatRef): ChatSender {
  const sender = ctx.senders[chat.platform];
  if (!sender) throw new Error(`no sender for platform ${chat.platform}`);
  return sender;
}
