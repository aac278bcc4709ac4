/**
 * The job repository with an audit line for every request and every state change, so the workflows record
 * everything without knowing the audit exists: `create` is a request, a `transition` made by a person is a decision,
 * one the bot makes is progress or an outcome. States added later (an approval step) are recorded the same way.
 * Each line is written after the change it records is in the store, and before the caller acts on it.
 */
import type { JobRepository, JobState } from '../store/jobs.js';
import { jobFacts, personOf, type AuditKind } from './entry.js';
import type { AuditTrail } from './trail.js';

const RESULTS: readonly JobState[] = ['issued', 'delivered', 'failed', 'cancelled'];

function kindOf(to: JobState, by: string | undefined): AuditKind {
  if (by !== undefined) return 'decision';
  return RESULTS.includes(to) ? 'outcome' : 'progress';
}

export function auditedJobs(jobs: JobRepository, trail: AuditTrail): JobRepository {
  return {
    ...jobs,

    async create(input, by) {
      const job = await jobs.create(input, by);
      await trail.record({ kind: 'request', ...jobFacts(job), user: personOf(job, by ?? job.requester.id), to: job.state });
      return job;
    },

    async transition(id, from, to, patch = {}, by) {
      // Read before: the repository changes the job in place.
      const before = jobs.get(id)?.state;
      const job = await jobs.transition(id, from, to, patch, by);
      if (job) {
        await trail.record({
          kind: kindOf(to, by),
          ...jobFacts(job),
          ...(by !== undefined && { user: personOf(job, by) }),
          from: before,
          to,
          ...(patch.failure !== undefined && { failure: patch.failure }),
        });
      }
      return job;
    },
  };
}
