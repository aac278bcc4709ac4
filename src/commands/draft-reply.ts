/** Turns a raw draft into a preview, or into the Chinese list of what is wrong with it. Shared by 开票 and its form. */
import type { ChatRef, UserRef } from '../bot/platform.js';
import { checkDraft } from '../invoice/draft.js';
import type { DraftProblem, RawDraft } from '../invoice/raw-draft.js';
import { capList } from '../reply-caps.js';
import type { BotServices } from './services.js';

export type DraftOutcome = { ok: true } | { ok: false; problems: DraftProblem[] };

/** Every problem on its own line, the first MAX_LISTED of them and a count of the rest. */
export function problemsText(problems: readonly DraftProblem[]): string {
  const listed = capList(problems.map((problem) => `· ${problem.message}`));
  return ['开票信息有误，未提交税局：', ...listed, '', '发送「帮助 开票」查看写法。'].join('\n');
}

/**
 * Validates and, when valid, saves the job and posts its preview card. Nothing reaches the provider here.
 * `requestId` (the delivery's dedupe id) names the job, so running the same delivery again posts no second preview.
 */
export async function previewDraft(
  services: BotServices,
  chat: ChatRef,
  user: UserRef,
  raw: RawDraft,
  requestId: string,
): Promise<DraftOutcome> {
  const check = checkDraft(raw);
  if (!check.ok) return { ok: false, problems: check.errors };
  await services.flows.issue.preview({
    requestId,
    chat,
    user,
    draft: check.draft,
    warnings: check.warnings.map((warning) => `${warning.message}，请核对后再确认`),
  });
  return { ok: true };
}
