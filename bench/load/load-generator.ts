/**
 * Open- and closed-loop HTTP load on undici, against one server on 127.0.0.1. Bounded both ways: a fixed number of
 * requests (open loop) or a time budget and a count cap (closed loop), and every request has its own timeout.
 * Open-loop latency counts from when a request was due, not when it left, so a server that falls behind is not
 * flattered by the generator waiting for it (coordinated omission); once it is more than a few seconds of events
 * behind, the rest are not sent at all (counted as not sent), so a slow server cannot stretch the run.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { SignedRequest } from '../../test/fakes/feishu/events.js';
import { percentile } from '../timing.js';

/** Feishu gives up on an acknowledgement after 3 s and pushes the event again. */
export const FEISHU_ACK_LIMIT_MS = 3_000;
/** Well past Feishu's 3 s: what is slower than this is a failure either way, and the run stays short. */
const REQUEST_TIMEOUT_MS = 5_000;
/** Open loop: stop sending once this many seconds of events are waiting for an answer. */
const MAX_BACKLOG_SECONDS = 3;

export interface LoadResult {
  sent: number;
  ok: number;
  /** Non-200 answers, timeouts and connection errors. */
  failed: number;
  /** Open loop: due but never sent, because the server was already too far behind. */
  notSent: number;
  /** Answered later than Feishu waits, or not at all (not sent included). */
  overAckLimit: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** 200 answers per second of wall time. */
  throughput: number;
  /** A sample of the first failures, for the report. */
  errors: string[];
}

export interface LoadTarget {
  /** http://127.0.0.1:port */
  origin: string;
  path: string;
  /** Connections the pool may open (how many requests can be in flight at once). */
  connections: number;
}

export function openPool(target: LoadTarget): Pool {
  return new Pool(target.origin, {
    connections: target.connections,
    pipelining: 1,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
}

/** One POST; resolves with the time it ended and whether it was a 200, never rejects. */
export async function post(pool: Pool, path: string, request: SignedRequest): Promise<{ endedAt: number; ok: boolean; error?: string; json?: unknown }> {
  try {
    const response = await pool.request({
      path,
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.body.text();
    const endedAt = performance.now();
    const ok = response.statusCode === 200;
    return { endedAt, ok, json: parseJson(text), ...(ok ? {} : { error: `HTTP ${response.statusCode}` }) };
  } catch (error) {
    return { endedAt: performance.now(), ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

class Tally {
  readonly latencies: number[] = [];
  ok = 0;
  failed = 0;
  notSent = 0;
  overAckLimit = 0;
  readonly errors: string[] = [];

  add(latencyMs: number, outcome: { ok: boolean; error?: string }): void {
    this.latencies.push(latencyMs);
    if (outcome.ok) this.ok += 1;
    else {
      this.failed += 1;
      if (outcome.error && this.errors.length < 3) this.errors.push(outcome.error);
    }
    if (!outcome.ok || latencyMs > FEISHU_ACK_LIMIT_MS) this.overAckLimit += 1;
  }

  skip(): void {
    this.notSent += 1;
    this.overAckLimit += 1;
  }

  result(elapsedMs: number): LoadResult {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      sent: sorted.length,
      ok: this.ok,
      failed: this.failed,
      notSent: this.notSent,
      overAckLimit: this.overAckLimit,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      maxMs: sorted.at(-1) ?? 0,
      throughput: elapsedMs > 0 ? (this.ok / elapsedMs) * 1000 : 0,
      errors: this.errors,
    };
  }
}

/**
 * `count` requests at `ratePerSec`, built up front (signing and encryption are not timed), each on a connection of
 * its own as Feishu would send them: a request never queues behind another in the generator, so its timeout holds.
 */
export async function openLoop(
  origin: string,
  path: string,
  options: { ratePerSec: number; count: number; build: (index: number) => SignedRequest },
): Promise<LoadResult> {
  const requests = Array.from({ length: options.count }, (_, index) => options.build(index));
  const intervalMs = 1000 / options.ratePerSec;
  const tally = new Tally();
  const maxBacklog = Math.ceil(options.ratePerSec * MAX_BACKLOG_SECONDS);
  const pool = openPool({ origin, path, connections: maxBacklog });
  const inFlight: Promise<void>[] = [];
  let waiting = 0;
  let lastEnd = 0;
  const started = performance.now();
  for (let index = 0; index < requests.length; ) {
    const now = performance.now();
    for (; index < requests.length && started + index * intervalMs <= now; index += 1) {
      if (waiting >= maxBacklog) {
        tally.skip();
        continue;
      }
      const dueAt = started + index * intervalMs;
      waiting += 1;
      inFlight.push(
        post(pool, path, requests[index]!).then((outcome) => {
          waiting -= 1;
          tally.add(outcome.endedAt - dueAt, outcome);
          lastEnd = Math.max(lastEnd, outcome.endedAt);
        }),
      );
    }
    if (index < requests.length) await sleep(Math.max(0, started + index * intervalMs - performance.now()));
  }
  await Promise.all(inFlight);
  await pool.close();
  return tally.result(lastEnd - started);
}

/** `concurrency` senders, each sending its next request as soon as the last one is answered, for `durationMs`. */
export async function closedLoop(
  pool: Pool,
  path: string,
  options: { concurrency: number; durationMs: number; maxCount: number; build: (index: number) => SignedRequest },
): Promise<LoadResult> {
  const tally = new Tally();
  const started = performance.now();
  const deadline = started + options.durationMs;
  let issued = 0;
  const sender = async () => {
    while (performance.now() < deadline && issued < options.maxCount) {
      const request = options.build(issued);
      issued += 1;
      const sentAt = performance.now();
      const outcome = await post(pool, path, request);
      tally.add(outcome.endedAt - sentAt, outcome);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, sender));
  return tally.result(performance.now() - started);
}

/** All at once, each its own connection: e.g. 400 people clicking in the same instant. */
export async function burst(pool: Pool, path: string, requests: readonly SignedRequest[]): Promise<{ result: LoadResult; answers: unknown[] }> {
  const tally = new Tally();
  const started = performance.now();
  const outcomes = await Promise.all(requests.map((request) => post(pool, path, request)));
  for (const outcome of outcomes) tally.add(outcome.endedAt - started, outcome);
  return { result: tally.result(Math.max(...outcomes.map((outcome) => outcome.endedAt)) - started), answers: outcomes.map((outcome) => outcome.json) };
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
