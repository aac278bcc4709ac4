/**
 * Wires the workflows to each other: a passed face scan or a login resumes the jobs that waited for it, and every
 * 确认 of a job passes the approval gate first.
 */
import type { ActionAnswer, ChatRef } from '../bot/platform.js';
import type { JobRecord } from '../store/jobs.js';
import { createApprovalFlow, type ApprovalFlow } from './approval.js';
import { senderFor, type FlowContext } from './context.js';
import type { JobClick } from './job-access.js';
import { LOGIN_BEFORE_FACE_AUTH_TEXT, needsLogin, providerErrorText } from './provider-error-text.js';
import { createFaceAuthFlow, type FaceAuthFlow } from './face-auth.js';
import { createIssueFlow, type IssueFlow } from './issue.js';
import { createLoginFlow, type LoginFlow } from './login.js';
import { createIncomingConfirmations, type IncomingConfirmations } from './incoming-confirmations.js';
import { createRefundFlow, type RefundFlow } from './refund.js';

export interface Flows {
  issue: IssueFlow;
  refund: RefundFlow;
  approval: ApprovalFlow;
  incoming: IncomingConfirmations;
  faceAuth: FaceAuthFlow;
  login: LoginFlow;
  /** Picks up everything that was under way when the bot stopped. */
  resume(): void;
}

export function createFlows(ctx: FlowContext): Flows {
  const resumeWaiting = async (state: 'waiting_face_auth' | 'waiting_login') => {
    await issue.resumeWaiting(state);
    await refund.resumeWaiting(state);
  };
  const faceAuth: FaceAuthFlow = createFaceAuthFlow(ctx, {
    passed: () => resumeWaiting('waiting_face_auth'),
    retryWaiting: () => resumeWaiting('waiting_face_auth'),
  });
  const hooks = {
    async needFaceAuth(chat: ChatRef, jobId: string) {
      try {
        await faceAuth.start(chat);
      } catch (error) {
        // The job stays waiting; 认证 posts a QR later and the job resumes when it passes.
        const text = needsLogin(error)
          ? `税局要求人脸认证。${LOGIN_BEFORE_FACE_AUTH_TEXT}认证通过后，等待中的开票会自动继续。`
          : `税局要求人脸认证，但获取二维码失败：${providerErrorText(error)}。请稍后发送「认证」重试。`;
        await senderFor(ctx, chat).sendText(chat, text, `job:${jobId}:face-auth-failed:${ctx.now()}`);
      }
    },
  };
  const approval = createApprovalFlow(ctx, {
    proceed: (job) =>
      ctx.scheduler.schedule(`approved:${job.id}`, 0, () => (job.type === 'red' ? refund : issue).advance(job.id)),
  });
  const issue: IssueFlow = gated(createIssueFlow(ctx, hooks), 'blue', approval);
  const refundFlow = gated(createRefundFlow(ctx, hooks), 'red', approval);
  const refund: RefundFlow = { ...refundFlow, agree: (click) => approval.gateAgree(click, refundFlow.agree) };
  const login = createLoginFlow(ctx, {
    loggedIn: () => resumeWaiting('waiting_login'),
  });
  return {
    issue,
    refund,
    approval,
    incoming: createIncomingConfirmations(ctx, refund),
    faceAuth,
    login,
    resume() {
      issue.resumeAll();
      refund.resumeAll();
      approval.resume();
      faceAuth.resume();
    },
  };
}

interface Confirmable {
  confirm(click: JobClick): Promise<ActionAnswer>;
  cancel(click: JobClick): Promise<ActionAnswer>;
}

/** The flow with its 确认 behind the approval gate, and its 取消 followed by the job's approval card. */
function gated<F extends Confirmable>(flow: F, type: JobRecord['type'], approval: ApprovalFlow): F {
  return {
    ...flow,
    confirm: (click) => approval.gate(click, type, flow.confirm),
    async cancel(click) {
      const answer = await flow.cancel(click);
      approval.refresh(click.jobId);
      return answer;
    },
  };
}
