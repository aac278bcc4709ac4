/** 状态: the bureau session (login, token, face auth, with expiry times) and the jobs in flight. */
import type { SessionState } from '../api/provider.js';
import type { PlatformName } from '../bot/platform.js';
import { displayName } from '../bot/user-names.js';
import { formatChinaMinute } from '../china-time.js';
import type { JobRecord } from '../store/jobs.js';
import { approverNames } from './approver-names.js';
import type { FlowContext } from './context.js';
import { providerErrorText } from './provider-error-text.js';
import { loginElsewhere, providerNote } from './provider-notes.js';

const STATE_LABEL: Partial<Record<JobRecord['state'], string>> = {
  preview: '待确认',
  awaiting_approval: '待审批',
  confirmed: '开具中',
  submitting: '开具中',
  in_progress: '税局处理中',
  waiting_face_auth: '等待人脸认证',
  waiting_login: '等待登录',
  issued: '已开具，通知中',
  awaiting_buyer: '等待购方确认',
  awaiting_our_confirmation: '确认单待我方确认',
  confirming: '开具中',
  declining: '处理中',
};

function chinaClock(at: Date | undefined): string {
  return at === undefined ? '未知' : formatChinaMinute(at.getTime());
}

/** `platform`: whose names to show (the chat asking). */
export async function statusText(ctx: FlowContext, jobsInFlight: JobRecord[], platform: PlatformName): Promise<string> {
  const lines = [`税号 ${ctx.account.nsrsbh} · 账号 ${ctx.account.gryhm}`];
  const label = loginElsewhere(ctx.provider);
  try {
    const state = await ctx.provider.sessionState(ctx.account);
    if (label) lines.push(...elsewhereLines(label, state));
    else lines.push(
      state.loggedIn ? `税局登录：✅ 有效，至 ${chinaClock(state.loginExpiresAt)}` : '税局登录：❌ 未登录（发送「登录」）',
      state.tokenExpiresAt ? `接口令牌：至 ${chinaClock(state.tokenExpiresAt)}` : '接口令牌：未获取',
      state.faceAuthValid
        ? `人脸认证：✅ 有效，至 ${chinaClock(state.faceAuthExpiresAt)}`
        : '人脸认证：❌ 未认证或已过期（发送「认证」）',
    );
  } catch (error) {
    lines.push(`税局状态查询失败：${providerErrorText(error)}`);
  }
  if (ctx.sessions.get(ctx.accountKey).faceAuth) lines.push(label ? '机器人正在等待开票员完成人脸认证' : '有一个人脸认证二维码正在等待扫码');
  const approvers = await approverNames(ctx, platform);
  lines.push(approvers.length > 0 ? `审批人：${approvers.join('、')}` : '审批人：无（确认后直接办理）');
  if (jobsInFlight.length === 0) {
    lines.push('进行中的开票：无');
  } else {
    lines.push(`进行中的开票（${jobsInFlight.length}）：`);
    for (const job of jobsInFlight.slice(0, 10)) {
      const what = job.type === 'red' ? `红冲 ${job.red?.blueNumber ?? ''}` : (job.draft?.buyer.name ?? '');
      const asked = job.state === 'awaiting_approval' && job.approval ? `（${displayName(job.approval.requestedBy)} 申请）` : '';
      lines.push(`· ${job.id} ${what} ${STATE_LABEL[job.state] ?? job.state}${asked}`);
    }
  }
  const note = providerNote(ctx.provider);
  if (note) lines.push(note);
  return lines.join('\n');
}

/** The login and the face scan live in the provider's client: their state, and where to fix them. */
function elsewhereLines(label: string, state: SessionState): string[] {
  return [
    state.loggedIn ? `税局登录：✅ ${label}客户端已登录` : `税局登录：❌ 未登录（请在${label}客户端登录，然后发送「登录」检查）`,
    state.tokenExpiresAt ? `接口令牌：至 ${chinaClock(state.tokenExpiresAt)}` : '接口令牌：未获取',
    state.faceAuthValid
      ? '人脸认证：✅ 已认证'
      : `人脸认证：❌ 未认证或已超时（开票员在${label} App 或客户端完成；开票时机器人会等待并自动继续）`,
  ];
}
