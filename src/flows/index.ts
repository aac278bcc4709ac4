/** Wires the workflows to each other: a passed face scan or a login resumes the jobs that waited for it. */
import type { ChatRef } from '../bot/platform.js';
import { senderFor, type FlowContext } from './context.js';
import { providerErrorText } from './provider-error-text.js';
import { createFaceAuthFlow, type FaceAuthFlow } from './face-auth.js';
import { createIssueFlow, type IssueFlow } from './issue.js';
import { createLoginFlow, type LoginFlow } from './login.js';
import { createIncomingConfirmations, type IncomingConfirmations } from './incoming-confirmations.js';
import { createRefundFlow, type RefundFlow } from './refund.js';

export interface Flows {
  issue: IssueFlow;
  refund: RefundFlow;
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
        const text = `税局要求人脸认证，但获取二维码失败：${providerErrorText(error)}。请稍后发送「认证」重试。`;
        await senderFor(ctx, chat).sendText(chat, text, `job:${jobId}:face-auth-failed:${ctx.now()}`);
      }
    },
  };
  const issue: IssueFlow = createIssueFlow(ctx, hooks);
  const refund: RefundFlow = createRefundFlow(ctx, hooks);
  const login = createLoginFlow(ctx, {
    loggedIn: () => resumeWaiting('waiting_login'),
  });
  return {
    issue,
    refund,
    incoming: createIncomingConfirmations(ctx, refund),
    faceAuth,
    login,
    resume() {
      issue.resumeAll();
      refund.resumeAll();
      faceAuth.resume();
    },
  };
}
