/** Wires the workflows to each other: a passed face scan or a login resumes the jobs that waited for it. */
import { senderFor, type FlowContext } from './context.js';
import { providerErrorText } from './provider-error-text.js';
import { createFaceAuthFlow, type FaceAuthFlow } from './face-auth.js';
import { createIssueFlow, type IssueFlow } from './issue.js';
import { createLoginFlow, type LoginFlow } from './login.js';

export interface Flows {
  issue: IssueFlow;
  faceAuth: FaceAuthFlow;
  login: LoginFlow;
  /** Picks up everything that was under way when the bot stopped. */
  resume(): void;
}

export function createFlows(ctx: FlowContext): Flows {
  const faceAuth: FaceAuthFlow = createFaceAuthFlow(ctx, {
    passed: () => issue.resumeWaiting('waiting_face_auth'),
    retryWaiting: () => issue.resumeWaiting('waiting_face_auth'),
  });
  const issue: IssueFlow = createIssueFlow(ctx, {
    async needFaceAuth(chat, jobId) {
      try {
        await faceAuth.start(chat);
      } catch (error) {
        // The job stays waiting; 认证 posts a QR later and the job resumes when it passes.
        const text = `税局要求人脸认证，但获取二维码失败：${providerErrorText(error)}。请稍后发送「认证」重试。`;
        await senderFor(ctx, chat).sendText(chat, text, `job:${jobId}:face-auth-failed:${ctx.now()}`);
      }
    },
  });
  const login = createLoginFlow(ctx, {
    loggedIn: () => issue.resumeWaiting('waiting_login'),
  });
  return {
    issue,
    faceAuth,
    login,
    resume() {
      issue.resumeAll();
      faceAuth.resume();
    },
  };
}
