/**
 * A red submit is not idempotent on the wire: when its answer was lost (a crash, a timeout), the bot finds out what
 * it did before it would ever submit again — a red invoice against the blue one for this amount, or a confirmation
 * this side entered for it, since the first submit and not claimed by another job. Nothing found means nothing
 * happened, and submitting again is safe.
 */
import type { Confirmation, IssuedInvoice } from '../api/provider.js';
import { parseChinaTime } from '../china-time.js';
import type { JobRecord } from '../store/jobs.js';
import type { FlowContext } from './context.js';
import { redInvoicesAgainst } from './refund-plan.js';

/** Clock skew between us and the bureau that we still accept when matching times. */
const SKEW_MS = 10 * 60_000;
const VOID_STATES = new Set(['05', '06', '07', '08', '09']);

export type LostRefund = { kind: 'issued'; invoice: IssuedInvoice } | { kind: 'confirmation'; confirmation: Confirmation };

export async function findLostRefund(ctx: FlowContext, job: JobRecord): Promise<LostRefund | undefined> {
  const red = job.red!;
  const since = (job.firstSubmittedAt ?? job.createdAt) - SKEW_MS;
  const others = ctx.jobs.all().filter((other) => other.id !== job.id);
  const claimedNumbers = new Set(others.map((other) => other.invoice?.number).filter(Boolean));
  const claimedUuids = new Set(others.map((other) => other.confirmationUuid).filter(Boolean));
  const recent = (time: string | undefined) => time === undefined || (parseChinaTime(time) ?? 0) >= since;

  const invoice = (await redInvoicesAgainst(ctx, { number: red.blueNumber, issuedAt: red.blueIssuedAt })).find(
    (candidate) =>
      !claimedNumbers.has(candidate.number) &&
      (candidate.grossFen === undefined || Math.abs(candidate.grossFen) === red.refundFen) &&
      recent(candidate.issuedAt),
  );
  if (invoice) return { kind: 'issued', invoice: { ...invoice, blueNumber: red.blueNumber } };

  const confirmation = (await ctx.provider.listConfirmations(ctx.account)).find(
    (candidate) =>
      candidate.enteredBy === 'seller' &&
      candidate.blueNumber === red.blueNumber &&
      !claimedUuids.has(candidate.uuid) &&
      !VOID_STATES.has(candidate.state) &&
      (candidate.grossFen === undefined || Math.abs(candidate.grossFen) === red.refundFen) &&
      recent(candidate.enteredAt),
  );
  return confirmation ? { kind: 'confirmation', confirmation } : undefined;
}
