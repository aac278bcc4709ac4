/** Wires the workflows to each other: a passed face scan or a login resumes the jobs that waited for it. */
import type { FlowContext } from './context.js';
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
  });
  const issue: IssueFlow = createIssueFlow(ctx, {
    async needFaceAuth(chat) {
      await faceAuth.start(chat);
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
