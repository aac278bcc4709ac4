/** A micro-benchmark group (bench/timing.ts results) as a RESULTS.md section: numbers only, no targets. */
import type { BenchResult } from '../timing.js';
import { ms, type ResultSection } from './report.js';

export function microSection(title: string, results: readonly BenchResult[]): ResultSection {
  return {
    title: `Micro-benchmark: ${title}`,
    columns: ['benchmark', 'n', 'ops/s', 'p50', 'p95', 'note'],
    rows: results.map((result) => [
      result.name,
      String(result.count),
      Math.round(result.opsPerSec).toLocaleString('en-US'),
      ms(result.p50Ms),
      ms(result.p95Ms),
      result.note ?? '',
    ]),
    targets: [],
  };
}
