/** Chat texts of the blue-invoice workflow, apart from its logic. */
import { formatChinaMinute } from '../china-time.js';
import { formatYuanForChat } from '../invoice/money.js';
import type { ActionAnswer } from '../bot/platform.js';
import type { JobRecord } from '../store/jobs.js';

export function deliveredText(job: JobRecord): string {
  const invoice = job.invoice!;
  const lines = [
    '✅ 发票已开具',
    `发票号码：${invoice.number}`,
    `开票日期：${invoice.issuedAt}`,
    `购方：${job.draft?.buyer.name ?? invoice.buyerName ?? ''}`,
    `价税合计：¥${formatYuanForChat(job.draft?.grossFen ?? invoice.grossFen ?? 0)}`,
    job.downloadUrl ? `下载：${job.downloadUrl}` : '下载链接暂时获取失败，可稍后发送「下载 ' + invoice.number + '」',
  ];
  return lines.join('\n');
}

export function failedText(job: JobRecord): string {
  return `❌ 开具失败（单号 ${job.id}，购方 ${job.draft?.buyer.name ?? ''}）：${job.failure ?? '未知原因'}`;
}

export const NEEDS_LOGIN_TEXT = '税局登录已失效，开票暂停。请发送「登录」，登录成功后会自动继续开具。';

/**
 * Said instead of "try again": the job goes on under the same taskId, and a new request could issue twice. Says
 * until when (it is never given up: until issued or refused by the bureau), the next try and how often after it.
 */
export function stillTryingText(job: JobRecord, nextTryAt: number, maxIntervalMs: number): string {
  return [
    `⏳ 单号 ${job.id}（购方 ${job.draft?.buyer.name ?? ''}）：税局或税务接口暂时没有回应，机器人会用同一单号一直重试，`,
    `直到开出或税局明确拒绝为止。下次重试约在 ${formatChinaMinute(nextTryAt)}，之后最长每 ${durationText(maxIntervalMs)}一次。`,
    '不会重复开票，请不要重新申请；开出后会在群里通知。',
  ].join('');
}

/** `10 分钟`, `30 秒`: a retry interval as a person reads it. */
function durationText(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} 分钟` : `${Math.max(1, Math.round(ms / 1000))} 秒`;
}

/** 确认开具 on a card whose job has left the preview: what became of it, so a cancelled job is not "being issued". */
export function alreadyDecidedToast(job: JobRecord): NonNullable<ActionAnswer['toast']> {
  switch (job.state) {
    case 'cancelled':
      return job.approval?.decision === 'rejected'
        ? { type: 'info', text: '这张发票的申请已被驳回，不会开具' }
        : { type: 'info', text: '这张发票已取消，不会开具；需要的话请重新发送开票' };
    case 'failed':
      return { type: 'error', text: `这张发票开具失败：${job.failure ?? '未知原因'}；需要的话请重新发送开票` };
    case 'issued':
    case 'delivered':
      return { type: 'info', text: `这张发票已开具${job.invoice ? `（发票号码 ${job.invoice.number}）` : ''}，不会重复开具` };
    case 'awaiting_approval':
      return { type: 'info', text: '这张发票正在等待审批，审批通过后自动开具' };
    default:
      return { type: 'info', text: '这张发票已在开具中，不会重复开具' };
  }
}
