import { issueBlueTask, issueRed } from './issuing.js';
import type { SandboxState } from './state.js';

/** The provider keeps a taskId for 8 hours (document); after that the same taskId issues a new invoice. */
export const TASK_DEDUPE_MS = 8 * 60 * 60 * 1000;
/** An unanswered red-letter confirmation turns void (07) after 72 hours (bureau rule). */
export const CONFIRMATION_ANSWER_MS = 72 * 60 * 60 * 1000;

/**
 * Applies everything the clock decides, as of now: QRs that pass by themselves, blue tasks and red invoices whose
 * issuing time has come, confirmations left unanswered too long, and taskIds past their dedupe window.
 * Called before every request is answered, so answers never depend on when the last one came.
 */
export function settle(state: SandboxState): void {
  const now = state.now();
  passFaceScansDue(state, now);
  for (const task of state.blueTasks.values()) {
    if (!task.fphm && task.readyAt <= now) issueBlueTask(state, task);
  }
  for (const [key, task] of state.blueTasks) {
    if (task.createdAt + TASK_DEDUPE_MS <= now) state.blueTasks.delete(key);
  }
  for (const confirmation of state.confirmations.values()) {
    const waiting = confirmation.state === '02' || confirmation.state === '03';
    if (waiting && confirmation.enteredAt + CONFIRMATION_ANSWER_MS <= now) confirmation.state = '07';
    const agreed = confirmation.state === '01' || confirmation.state === '04';
    if (agreed && !confirmation.redFphm && confirmation.issueAt !== undefined && confirmation.issueAt <= now) {
      issueRed(state, confirmation);
    }
  }
  for (const [id, task] of state.smsTasks) {
    if (task.expiresAt <= now) state.smsTasks.delete(id);
  }
}

function passFaceScansDue(state: SandboxState, now: number): void {
  const autoPassMs = state.options.faceAutoPassMs;
  if (autoPassMs === null) return;
  for (const session of state.authSessions.values()) {
    const passAt = session.createdAt + autoPassMs;
    if (session.scannedAt === undefined && passAt <= now && passAt < session.qrExpiresAt) {
      recordFaceScan(state, session.authId, passAt);
    }
  }
}

/** A finished face scan: the clerk's face auth is valid for faceAuthTtlMs from the scan. */
export function recordFaceScan(state: SandboxState, authId: string, at: number): void {
  const session = state.authSessions.get(authId);
  if (!session || session.scannedAt !== undefined) return;
  session.scannedAt = at;
  const account = state.accounts.get(session.accountKey);
  if (account) account.faceAuthExpiresAt = at + state.options.faceAuthTtlMs;
}
