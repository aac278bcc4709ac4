/**
 * The one timing helper every benchmark uses: run a function until a count or a time budget runs out, time each
 * call on its own, and summarise. Bounded on both sides so `npm run bench` always ends by itself.
 */
import { performance } from 'node:perf_hooks';

export interface MeasureOptions {
  /** Calls timed at most. */
  maxCount: number;
  /** Stop earlier once this much time has been spent timing. */
  maxMs: number;
  /** Untimed calls first, so the JIT has seen the code. Default: a tenth of maxCount, at most 200. */
  warmup?: number;
}

export interface BenchResult {
  name: string;
  count: number;
  /** Calls per second over the whole timed run (timer overhead included). */
  opsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  /** V8 heap in use right after the run, MiB. */
  heapUsedMiB: number;
  /** Anything worth saying next to the numbers, e.g. how many HTTP calls it took. */
  note?: string;
}

/** Times `fn` (sync or async) call by call; `fn` gets the 0-based call index, warm-up calls included. */
export async function measure(
  name: string,
  fn: (index: number) => unknown,
  options: MeasureOptions,
): Promise<BenchResult> {
  const warmup = options.warmup ?? Math.min(200, Math.floor(options.maxCount / 10));
  let index = 0;
  for (; index < warmup; index += 1) await fn(index);

  const samples: number[] = [];
  const started = performance.now();
  const deadline = started + options.maxMs;
  while (samples.length < options.maxCount && performance.now() < deadline) {
    const before = performance.now();
    await fn(index);
    samples.push(performance.now() - before);
    index += 1;
  }
  const elapsedMs = performance.now() - started;
  return summarise(name, samples, elapsedMs);
}

/** Summary of latencies measured elsewhere (e.g. calls running side by side), over `elapsedMs` of wall time. */
export function summarise(name: string, samplesMs: readonly number[], elapsedMs: number): BenchResult {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    name,
    count: sorted.length,
    opsPerSec: elapsedMs > 0 ? (sorted.length / elapsedMs) * 1000 : 0,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    heapUsedMiB: heapUsedMiB(),
  };
}

/** Nearest-rank percentile of ascending samples; 0 when there are none. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

export function heapUsedMiB(): number {
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

/** A fixed-width table: numbers right-aligned, latencies in µs below 1 ms so small ones stay readable. */
export function formatTable(results: readonly BenchResult[]): string {
  const header = ['benchmark', 'n', 'ops/s', 'p50', 'p95', 'heap MiB', 'note'];
  const rows = results.map((result) => [
    result.name,
    String(result.count),
    formatRate(result.opsPerSec),
    formatLatency(result.p50Ms),
    formatLatency(result.p95Ms),
    result.heapUsedMiB.toFixed(1),
    result.note ?? '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const leftAligned = new Set([0, header.length - 1]);
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (leftAligned.has(column) ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function formatRate(opsPerSec: number): string {
  return opsPerSec >= 100 ? Math.round(opsPerSec).toLocaleString('en-US') : opsPerSec.toFixed(1);
}

function formatLatency(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
}
