/** How much load `npm run bench` applies: the full plan of issue 6, or a short one with BENCH_QUICK=1. */
import type { SandboxOptions } from '../../src/api/sandbox/index.js';

export interface LoadPlan {
  quick: boolean;
  /** Rounds of event load + click storm against one bot process (RSS is compared between them). */
  rounds: number;
  /** Open-loop rates, events/s; each runs `openLoopSeconds` worth of events. */
  rates: number[];
  openLoopSeconds: number;
  closedLoop: { concurrency: number; durationMs: number };
  /** Untimed closed loop against each server before round 1, so neither is measured cold. */
  warmupMs: number;
  clicks: { count: number; chats: number };
  pipeline: { invoices: number; chats: number };
  /** The simulator: no SMS step, a QR that passes by itself, and 1 s of 202 before each invoice is issued. */
  sandbox: Partial<SandboxOptions>;
}

const SANDBOX: Partial<SandboxOptions> = { smsRequired: false, faceAutoPassMs: 0, issueDelayMs: 1_000 };

const FULL: LoadPlan = {
  quick: false,
  rounds: 3,
  rates: [100, 200, 500],
  openLoopSeconds: 5,
  closedLoop: { concurrency: 50, durationMs: 5_000 },
  warmupMs: 1_000,
  clicks: { count: 400, chats: 20 },
  pipeline: { invoices: 200, chats: 20 },
  sandbox: SANDBOX,
};

/** Same shape, a fraction of the time: one round (so no RSS comparison), 2 s per load level, fewer clicks and invoices. */
const QUICK: LoadPlan = {
  ...FULL,
  quick: true,
  rounds: 1,
  openLoopSeconds: 2,
  closedLoop: { concurrency: 50, durationMs: 2_000 },
  warmupMs: 500,
  clicks: { count: 100, chats: 10 },
  pipeline: { invoices: 40, chats: 8 },
};

export function loadPlan(quick: boolean): LoadPlan {
  return quick ? QUICK : FULL;
}
