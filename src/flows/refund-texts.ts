/** Chat texts of the red-invoice (红冲) workflow, apart from its logic. */
import type { ConfirmationState } from '../api/provider.js';
import { formatYuanForChat } from '../invoice/money.js';
import type { JobRecord } from '../store/jobs.js';

/** How a void confirmation (05–09) ended, as the chat should read it. */
export const VOID_CONFIRMATION_TEXT: Partial<Record<ConfirmationState, string>> = {
  '05': '购方拒绝了红字确认单，确认单已作废，未开具红字发票',
  '06': '我方拒绝了红字确认单，确认单已作废',
  '07': '红字确认单超过 72 小时无人确认，已作废，未开具红字发票',
  '08': '红字确认单已撤销',
  '09': '红字确认单在确认后被撤销',
};

export const VOID_STATES: readonly ConfirmationState[] = ['05', '06', '07', '08', '09'];

function subject(job: JobRecord): string {
  const red = job.red!;
  return `蓝字发票 ${red.blueNumber}${red.buyerName ? `（${red.buyerName}）` : ''}`;
}

export function redDeliveredText(job: JobRecord): string {
  const invoice = job.invoice!;
  const red = job.red!;
  return [
    '✅ 红字发票已开具',
    `红字发票号码：${invoice.number}`,
    `开票日期：${invoice.issuedAt}`,
    `对应蓝字发票：${red.blueNumber}`,
    ...(red.buyerName ? [`购方：${red.buyerName}`] : []),
    `红冲金额：¥${formatYuanForChat(-Math.abs(invoice.grossFen ?? red.refundFen))}`,
    job.downloadUrl ? `下载：${job.downloadUrl}` : `下载链接暂时获取失败，可稍后发送「下载 ${invoice.number}」`,
  ].join('\n');
}

export function awaitingBuyerText(job: JobRecord): string {
  return `📨 ${subject(job)} 的红字确认单已提交（单号 ${job.id}），正在等待购方确认。购方确认后机器人会自动开具并在群里通知；72 小时内无人确认则作废。`;
}

export function awaitingUsText(job: JobRecord): string {
  return job.red!.enteredBy === 'buyer'
    ? `📨 购方对 ${subject(job)} 提交了红字确认单：请在卡片上点「同意并开具」或「拒绝」。`
    : `📨 税局为 ${subject(job)} 生成了红字确认单，需要我方确认：请在卡片上点「确认开具」或「撤销」。`;
}

export function redFailedText(job: JobRecord): string {
  return `❌ 红冲未完成（单号 ${job.id}，${subject(job)}）：${job.failure ?? '未知原因'}`;
}

export function redDeclinedText(job: JobRecord): string {
  return job.red!.enteredBy === 'buyer'
    ? `已拒绝购方对 ${subject(job)} 的红字确认单。`
    : `已撤销 ${subject(job)} 的红字确认单，未开具红字发票。`;
}

export function redStillTryingText(job: JobRecord): string {
  return `⏳ 单号 ${job.id}（${subject(job)}）：税局或税务接口暂时没有回应，机器人会先核对是否已经红冲、再继续，不会重复红冲。请不要重新申请。`;
}

/**
 * What a click that came too late hears, by where the job stands now; `inProgress` when it is still on its way
 * (e.g. "这张红冲已在处理，不会重复提交"), so a click on a cancelled or failed refund is not told it is being done.
 */
export function redTooLateText(job: JobRecord, inProgress: string): string {
  switch (job.state) {
    case 'cancelled':
      return job.approval?.decision === 'rejected' ? '这张红冲的申请已被驳回，不会提交' : '这张红冲已取消，不会提交；需要的话请重新发送红冲';
    case 'failed':
      return `这张红冲未完成：${job.failure ?? '未知原因'}；需要的话请重新发送红冲`;
    case 'issued':
    case 'delivered':
      return `红字发票已开具${job.invoice ? `（红字发票号码 ${job.invoice.number}）` : ''}，不会重复开具`;
    case 'awaiting_approval':
      return '这张红冲正在等待审批，审批通过后自动提交';
    default:
      return inProgress;
  }
}
