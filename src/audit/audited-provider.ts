/**
 * The tax provider with an audit line before and after every call that can issue or refund an invoice: a
 * `submission` (what is sent, written before it goes out, so a crash mid-call still leaves it on record) and an
 * `answer` (what came back, or the error). Read-only calls (queries, polls, logins) pass through unrecorded.
 *
 * The calls do not name their job; it is found by what identifies it: a blue job by its taskId, a red submit by the
 * job whose request it is, a confirmation by its uuid.
 */
import { ProviderError, type ConfirmationAction, type RedOutcome, type TaxProvider } from '../api/provider.js';
import { providerErrorText } from '../flows/provider-error-text.js';
import type { JobRecord, JobRepository } from '../store/jobs.js';
import { draftFacts, jobFacts, type AuditedCall, type AuditFacts } from './entry.js';
import type { AuditTrail } from './trail.js';

function answerFacts(outcome: RedOutcome): AuditFacts {
  switch (outcome.status) {
    case 'issued':
      return {
        result: outcome.status,
        invoice: outcome.invoice.number,
        invoiceGrossFen: outcome.invoice.grossFen,
        ...(outcome.invoice.confirmationUuid && { confirmationUuid: outcome.invoice.confirmationUuid }),
      };
    case 'in_progress':
      return { result: outcome.status, ...(outcome.uuid && { confirmationUuid: outcome.uuid }) };
    case 'awaiting_confirmation':
      return { result: outcome.status, confirmationUuid: outcome.uuid, confirmationState: outcome.state };
    case 'needs_face_auth':
    case 'needs_login':
      return { result: outcome.status, message: outcome.message };
    case 'issued_unknown':
      return { result: outcome.status };
  }
}

function errorFacts(error: unknown): AuditFacts {
  return {
    result: 'error',
    ...(error instanceof ProviderError && { errorCode: error.code }),
    failure: providerErrorText(error),
  };
}

/** One call about to be made: which, for which job (when known), which attempt, and what it sends. */
interface Call {
  call: AuditedCall;
  action?: ConfirmationAction;
  job: JobRecord | undefined;
  attempt: number | undefined;
  sent: AuditFacts;
}

export function auditedProvider(provider: TaxProvider, trail: AuditTrail, jobs: JobRepository): TaxProvider {
  /** Records the call, makes it, records its answer; the answer (or the error) goes back to the caller as it was. */
  async function recorded<T extends RedOutcome>({ call, action, job, attempt, sent }: Call, makeCall: () => Promise<T>): Promise<T> {
    const about: AuditFacts = { ...(job && jobFacts(job)), call, ...(action && { action }) };
    await trail.record({ kind: 'submission', ...about, ...sent, ...(attempt !== undefined && { attempt }) });
    try {
      const outcome = await makeCall();
      await trail.record({ kind: 'answer', ...about, ...answerFacts(outcome) });
      return outcome;
    } catch (error) {
      await trail.record({ kind: 'answer', ...about, ...errorFacts(error) });
      throw error;
    }
  }

  return {
    ...provider,

    issueBlue(account, taskId, draft) {
      const job = jobs.all().find((candidate) => candidate.taskId === taskId);
      const sent: AuditFacts = { seller: account.nsrsbh, taskId, ...draftFacts(draft) };
      const call: Call = { call: 'issueBlue', job, attempt: job?.submitAttempts, sent };
      return recorded(call, () => provider.issueBlue(account, taskId, draft));
    },

    submitRed(account, request) {
      // The refund flow sends the job's own request object; the blue number is the fallback.
      const job =
        jobs.all().find((candidate) => candidate.red === request) ??
        jobs.inStates(['submitting']).find((candidate) => candidate.red?.blueNumber === request.blueNumber);
      const sent: AuditFacts = {
        seller: account.nsrsbh,
        blueInvoice: request.blueNumber,
        reason: request.reason,
        ...(request.lines?.length && { refundLines: request.lines.map(({ lineNo, grossFen }) => ({ lineNo, grossFen })) }),
      };
      const call: Call = { call: 'submitRed', job, attempt: job?.submitAttempts, sent };
      return recorded(call, () => provider.submitRed(account, request));
    },

    actOnConfirmation(account, uuid, action) {
      const job = jobs.all().find((candidate) => candidate.confirmationUuid === uuid);
      const sent: AuditFacts = { seller: account.nsrsbh, confirmationUuid: uuid };
      const call: Call = { call: 'actOnConfirmation', action, job, attempt: job?.confirmationCalls, sent };
      return recorded(call, () => provider.actOnConfirmation(account, uuid, action));
    },
  };
}
