/**
 * bench/RESULTS.md: a header (machine, Node, date, mode), every target with its measured value and met / not met,
 * then one table per section. A benchmark contributes a `ResultSection`; adding one to the list is all it takes.
 */
import type { Machine } from './machine.js';

export interface TargetCheck {
  /** What is measured, e.g. "ack p99 at 500 events/s". */
  name: string;
  /** The bar, as written in the issue, e.g. "< 10 ms". */
  target: string;
  measured: string;
  /** undefined: not measured in this run (e.g. skipped in quick mode). */
  met: boolean | undefined;
}

export interface ResultSection {
  title: string;
  /** Sentences under the title: what was run and how to read it. */
  notes?: string[];
  columns: string[];
  rows: string[][];
  targets: TargetCheck[];
}

export interface RunInfo {
  machine: Machine;
  startedAt: Date;
  durationSec: number;
  quick: boolean;
  command: string;
}

export function renderResults(run: RunInfo, sections: readonly ResultSection[]): string {
  const { machine } = run;
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`${run.command}\`${run.quick ? ' (**quick mode**: shorter runs, smaller counts — not comparable with a full run)' : ''}.`,
    '',
    `- machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB.toFixed(1)} GiB memory, ${machine.platform}`,
    `- Node: ${machine.node}`,
    `- date: ${run.startedAt.toISOString()}`,
    `- duration: ${run.durationSec.toFixed(0)} s`,
    '',
    '## Targets',
    '',
    markdownTable(
      ['target', 'bar', 'measured', 'result'],
      sections.flatMap((section) => section.targets).map((check) => [check.name, check.target, check.measured, verdict(check.met)]),
    ),
  ];
  for (const section of sections) {
    lines.push('', `## ${section.title}`, '');
    for (const note of section.notes ?? []) lines.push(note, '');
    lines.push(markdownTable(section.columns, section.rows));
  }
  return `${lines.join('\n')}\n`;
}

function verdict(met: boolean | undefined): string {
  if (met === undefined) return 'not measured';
  return met ? 'met' : '**not met**';
}

export function markdownTable(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${columns.map(escape).join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

/** Milliseconds as the tables show them: two decimals below 10 ms, one below 1 s, whole above. */
export function ms(value: number): string {
  if (value < 10) return `${value.toFixed(2)} ms`;
  if (value < 1000) return `${value.toFixed(1)} ms`;
  return `${Math.round(value).toLocaleString('en-US')} ms`;
}
