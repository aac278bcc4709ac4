/**
 * Stuck jobs (STUCK_JOB_MINUTES): a job whose state has not changed for that long is reported to its chat once per
 * wait, saying what it waits for — a click, a face scan, a login, the bureau, the buyer. Nothing is retried or
 * cancelled here; the workflows go on as they were. Previews nobody confirmed are drafts, not stuck jobs.
 */
import type { JobRecord, JobState } from '../store/jobs.js';
import type { StuckReportRepository } from '../store/stuck-reports.js';
import { senderFor, type FlowContext } from './context.js';

/** What a job in each state waits for; a state not listed here is never reported (finished, or a draft). */
const WAITS_FOR: Partial<Record<JobState, (job: JobRecord) => string>> = {
  awaiting_approval: () => '审批人在审批卡片上点「同意」或「驳回」',
  confirmed: () => '提交到税局（机器人会继续重试，同一申请不会重复开具）',
  submitting: () => '税局接口的回应（机器人会继续重试，同一申请不会重复开具）',
  in_progress: () => '税局的开具结果（机器人在持续查询，不会重复开具）',
  waiting_face_auth: () => '开票员完成人脸认证（发送「认证」获取二维码）',
  waiting_login: () => '电子税务局登录（发送「登录」）',
  awaiting_buyer: () => '购方确认红字确认单（最长 72 小时，之后自动作废）',
  awaiting_our_confirmation: (job) =>
    job.red?.enteredBy === 'buyer' ? '我方在确认单卡片上点「同意并开具」或「拒绝」' : '我方在确认单卡片上点「确认开具」或「撤销」',
  confirming: () => '税局处理红字确认单（机器人在持续查询）',
  declining: () => '税局处理红字确认单（机器人在持续查询）',
  issued: () => '把开具结果发到群里（机器人会继续重试）',
};

const WAITING_STATES = Object.keys(WAITS_FOR) as JobState[];

export interface StuckJobReport {
  check(): Promise<void>;
}

/** When the job entered its current state. */
function stateSince(job: JobRecord): number {
  return job.history.at(-1)?.at ?? job.createdAt;
}

function subject(job: JobRecord): string {
  if (job.type === 'red') return `红冲申请（蓝字发票 ${job.red?.blueNumber ?? ''}，单号 ${job.id}）`;
  return `开票申请（${job.draft?.buyer.name ?? ''}，单号 ${job.id}）`;
}

function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  return minutes >= 120 ? `约 ${Math.floor(minutes / 60)} 小时` : `${minutes} 分钟`;
}

export function stuckText(job: JobRecord, now: number): string {
  const waitsFor = WAITS_FOR[job.state]?.(job) ?? job.state;
  return `⏳ ${subject(job)}已 ${duration(now - stateSince(job))}没有进展，正在等待：${waitsFor}。`;
}

export function createStuckJobReport(
  ctx: FlowContext,
  { afterMs, reports }: { afterMs: number; reports: StuckReportRepository },
): StuckJobReport {
  return {
    async check() {
      const waiting = ctx.jobs.inStates(WAITING_STATES);
      await reports.keepOnly(new Set(waiting.map((job) => job.id)));
      for (const job of waiting) {
        const since = stateSince(job);
        if (ctx.now() - since < afterMs || reports.reported(job.id, since)) continue;
        try {
          await senderFor(ctx, job.chat).sendText(job.chat, stuckText(job, ctx.now()), `job:${job.id}:stuck:${since}`);
        } catch (error) {
          // A courtesy, tried once: a chat that removed the bot must not be retried on every check.
          ctx.logger.warn({ err: error, job: job.id }, 'could not report a stuck job');
        }
        await reports.record(job.id, since);
      }
    },
  };
}
