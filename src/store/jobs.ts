/**
 * Invoice jobs: the persisted state machine behind every request. A transition is checked and applied in one
 * synchronous step and written before the caller acts on it, so a double click or a duplicate event cannot move
 * a job twice, and a restart finds every job where it stood.
 */
import type { InvoiceDraft, IssuedInvoice, RedRequest } from '../api/provider.js';
import type { ChatRef, UserRef } from '../bot/platform.js';
import path from 'node:path';
import { DatedArchive } from './archive.js';
import type { Store } from './db.js';

export type JobState =
  /** Preview card posted; waits for 确认开具 or 取消. */
  | 'preview'
  /** Waits for an approver's 同意 / 驳回. */
  | 'awaiting_approval'
  /** Confirmed; nothing sent to the provider yet. */
  | 'confirmed'
  /** A submit may be on the wire: from here on only the same taskId may be used. */
  | 'submitting'
  /** The provider answered 202: poll with the same taskId. */
  | 'in_progress'
  /** The bureau wants a face scan first; resumes when it passes. */
  | 'waiting_face_auth'
  /** The bureau login is gone; resumes after 登录. */
  | 'waiting_login'
  /** Red: a confirmation entered by this side waits for the buyer (02); a watcher polls it. */
  | 'awaiting_buyer'
  /** Red: a confirmation waits for this side's 确认开具 / 撤销 (or, entered by the buyer, 同意并开具 / 拒绝). */
  | 'awaiting_our_confirmation'
  /** Red: agreeing to the confirmation may be on the wire (not idempotent: check the confirmation before again). */
  | 'confirming'
  /** Red: cancelling or rejecting the confirmation may be on the wire. */
  | 'declining'
  /** The invoice exists; the chat has not been told yet. */
  | 'issued'
  /** The chat has the invoice number and link. */
  | 'delivered'
  | 'failed'
  | 'cancelled';

/** A red job: the RedRequest sent to the provider, and the figures the preview card showed. */
export interface RefundDetails extends RedRequest {
  /** Who entered the confirmation: this side (a 红冲 request) or the buyer (from 确认单). */
  enteredBy: 'seller' | 'buyer';
  /** Tax-inclusive amount this refund takes off the blue invoice, fen, positive. */
  refundFen: number;
  /** 价税合计 of the blue invoice, fen. */
  blueGrossFen?: number;
  /** Already reversed by red invoices when the preview was made, fen, positive. */
  refundedBeforeFen?: number;
  buyerName?: string;
  buyerTaxId?: string;
}

export const FINAL_STATES: readonly JobState[] = ['delivered', 'failed', 'cancelled'];

export interface JobHistoryEntry {
  at: number;
  state: JobState;
  by?: string;
  note?: string;
}

/**
 * The approval a 确认 by someone who is not an approver asks for (flows/approval.ts). A rejected job ends `cancelled`
 * with `decision: 'rejected'`.
 */
export interface JobApproval {
  /** Who clicked 确认 and so asked: they may not decide it. */
  requestedBy: UserRef;
  requestedAt: number;
  /**
   * What was asked: 确认 of a preview (default; 同意 → `confirmed`, 驳回 → `cancelled`), or 同意并开具 of a buyer's
   * red-letter confirmation (同意 → `confirming`, 驳回 → back to `awaiting_our_confirmation`, nothing sent).
   */
  asked?: 'confirm' | 'agree';
  /** The approval card, once posted: its clicks must come from it. */
  cardMessageId?: string;
  /** Digest of the approval card the platform last accepted (see flows/job-card-sync.ts). */
  cardShown?: string;
  decision?: 'approved' | 'rejected';
  decidedBy?: UserRef;
  decidedAt?: number;
  /** 驳回's optional reason, as typed (checked, plain text). */
  reason?: string;
  /** The requester has been told of a rejection. */
  requesterTold?: boolean;
}

export interface JobRecord {
  id: string;
  type: 'blue' | 'red';
  state: JobState;
  chat: ChatRef;
  requester: UserRef;
  approvedBy?: UserRef;
  approval?: JobApproval;
  /** Which seller account (see sessions.accountKey). */
  accountKey: string;
  /** Blue: what to issue. */
  draft?: InvoiceDraft;
  /** Red: what to reverse, and what the preview showed. */
  red?: RefundDetails;
  /** Doubts the requester accepted by confirming (e.g. a tax id whose check digit fails). */
  warnings: string[];
  /** Provider task id, fixed at creation and reused for every submit of this job. */
  taskId: string;
  /** Red confirmation uuid, once the provider gave one. */
  confirmationUuid?: string;
  /** Red: calls that may have agreed to / declined the confirmation (`confirming`, `declining`). */
  confirmationCalls?: number;
  /** Red: checks of a confirmation or result so far in the current waiting state (the watcher backs off with them). */
  polls?: number;
  previewMessageId?: string;
  /** Digest of the card the platform last accepted for this job (see flows/job-card-sync.ts). */
  cardShown?: string;
  /** When the chat was last told the job is still being retried (not given up, not to be requested again). */
  stillTryingToldAt?: number;
  /** When a submit first went out: the provider forgets a taskId after 8 h. */
  firstSubmittedAt?: number;
  submitAttempts: number;
  /** Transient provider failures in a row; reset by any real answer. */
  transientFailures?: number;
  invoice?: IssuedInvoice;
  downloadUrl?: string;
  /** Why the job failed, in Chinese, safe for chat. */
  failure?: string;
  createdAt: number;
  updatedAt: number;
  history: JobHistoryEntry[];
}

export type NewJob = Omit<JobRecord, 'state' | 'createdAt' | 'updatedAt' | 'history' | 'submitAttempts' | 'warnings'> &
  Partial<Pick<JobRecord, 'warnings'>> & {
    /** Default 'preview'; a buyer's confirmation starts out waiting for this side. */
    state?: 'preview' | 'awaiting_our_confirmation';
  };

export interface JobRepository {
  create(job: NewJob, by?: string): Promise<JobRecord>;
  get(id: string): JobRecord | undefined;
  /**
   * Moves a job to `to` only when it is in one of `from`, applying `patch`; written before it returns.
   * Undefined when the job is missing or in another state (the caller lost a race: do nothing).
   */
  transition(
    id: string,
    from: readonly JobState[],
    to: JobState,
    patch?: Partial<JobRecord>,
    by?: string,
  ): Promise<JobRecord | undefined>;
  /** Changes fields without a state change (e.g. the preview message id); written before it returns. */
  update(id: string, patch: Partial<JobRecord>): Promise<JobRecord>;
  inStates(states: readonly JobState[]): JobRecord[];
  /** Every job in memory: unfinished ones and those finished recently (older ones are in the archive). */
  all(): JobRecord[];
  /** Jobs of one chat, newest first. */
  ofChat(chatId: string, limit: number): JobRecord[];
  /** Finished jobs moved out of memory, filed by the China-time day they were created (yyyy-MM-dd). */
  archivedOn(day: string): Promise<JobRecord[]>;
}

/** A finished job stays in memory this long (late clicks on its card, 状态), then moves to the dated archive. */
export const FINISHED_IN_MEMORY_MS = 3 * 24 * 3600_000;

export function createJobRepository(store: Store, now: () => number = Date.now): JobRepository {
  const jobs = store.table<JobRecord>('jobs');
  const archive = new DatedArchive<JobRecord>(path.join(store.dir, 'archive'), 'jobs', (job) => job.createdAt);

  store.onMaintenance(async () => {
    const cutoff = now() - FINISHED_IN_MEMORY_MS;
    const old = [...jobs.values()].filter((job) => FINAL_STATES.includes(job.state) && job.updatedAt < cutoff);
    await archive.append(old);
    for (const job of old) jobs.evict(job.id);
  });

  function mustGet(id: string): JobRecord {
    const job = jobs.get(id);
    if (!job) throw new Error(`job ${id} not found`);
    return job;
  }

  return {
    async create(input, by) {
      const at = now();
      const state = input.state ?? 'preview';
      const job: JobRecord = {
        warnings: [],
        ...input,
        state,
        submitAttempts: 0,
        createdAt: at,
        updatedAt: at,
        history: [{ at, state, by }],
      };
      if (jobs.has(job.id)) throw new Error(`job ${job.id} exists`);
      await jobs.put(job.id, job);
      return job;
    },

    get: (id) => jobs.get(id),

    async transition(id, from, to, patch = {}, by) {
      const job = jobs.get(id);
      if (!job || !from.includes(job.state)) return undefined;
      const at = now();
      Object.assign(job, patch, { state: to, updatedAt: at });
      job.history.push({ at, state: to, by, note: patch.failure });
      await jobs.put(id, job);
      return job;
    },

    async update(id, patch) {
      const job = mustGet(id);
      Object.assign(job, patch, { updatedAt: now() });
      await jobs.put(id, job);
      return job;
    },

    inStates: (states) => [...jobs.values()].filter((job) => states.includes(job.state)),

    all: () => [...jobs.values()],

    ofChat: (chatId, limit) =>
      [...jobs.values()]
        .filter((job) => job.chat.chatId === chatId)
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, limit),

    archivedOn: (day) => archive.day(day),
  };
}
