/**
 * The `开票` form card, for people who would rather fill boxes than type `key=value`.
 *
 * Input names: header `buyer`, `taxid`, `remark`, `type`, `email`; line N (1-based) `item_N`, `amount_N`, `rate_N`,
 * and `qty_N`, `unit_N`, `spec_N`, `code_N` — the English key names of contract.md.
 * Each line shows 项目, 金额 and 税率; 数量/单位/规格/编码 appear only for a line that already has a value or a problem
 * there (e.g. a typed command re-posted as a form), so nothing typed is lost and the usual card stays short.
 *
 * Adding a line: the form's extra button "再加一行" carries `{op: 'issue_form_add_line', lines: 'N+1'}` and, like the
 * submit button, submits what was typed; the handler answers with `buildIssueForm({ values: form, lineCount })`
 * (see `lineCountOf`), which replaces the card with one more line and every value kept. Trailing blank lines are
 * dropped by `formToRawDraft`.
 *
 * No input is marked `required`: Feishu's client refuses to submit a form while a required input is empty, and every
 * button in a form submits it, so 再加一行 on a fresh form would do nothing. The button stays inside the form because
 * it must carry what was typed. Required fields are checked when the draft is validated (购方不能为空…), and the
 * form comes back with the problems marked.
 */
import type { ActionValue, Card, CardButton, FormInput } from '../bot/platform.js';
import type { DraftProblem, RawDraft, RawLine } from '../invoice/raw-draft.js';
import { capList } from '../reply-caps.js';
import { issueKeyFor, type IssueHeaderProperty, type IssueLineProperty } from './issue-keys.js';
import { normalizeText } from './tokenizer.js';

export const ISSUE_FORM_NAME = 'issue_form';
export const ISSUE_FORM_SUBMIT_OP = 'issue_form_submit';
export const ISSUE_FORM_ADD_LINE_OP = 'issue_form_add_line';
/** More lines than this belong in a typed command: a card this long is hard to use on a phone. */
export const MAX_FORM_LINES = 10;

interface InputSpec<P> {
  property: P;
  label: string;
  placeholder: string;
}

const HEADER_TOP: readonly InputSpec<IssueHeaderProperty>[] = [
  { property: 'buyer', label: '购方', placeholder: '公司全称，或个人姓名' },
  { property: 'taxId', label: '税号', placeholder: '个人不填' },
];
const HEADER_BOTTOM: readonly InputSpec<IssueHeaderProperty>[] = [
  { property: 'remark', label: '备注', placeholder: '可不填' },
  { property: 'type', label: '类型', placeholder: '普票（默认）或 专票' },
  { property: 'email', label: '邮箱', placeholder: '把发票发到这个邮箱，可不填' },
];
const LINE_ALWAYS: readonly InputSpec<IssueLineProperty>[] = [
  { property: 'item', label: '项目', placeholder: '例如 技术服务费' },
  { property: 'amount', label: '金额（含税，元）', placeholder: '例如 1060' },
  { property: 'rate', label: '税率', placeholder: '例如 6%' },
];
const LINE_WHEN_USED: readonly InputSpec<IssueLineProperty>[] = [
  { property: 'qty', label: '数量', placeholder: '例如 2' },
  { property: 'unit', label: '单位', placeholder: '例如 次' },
  { property: 'spec', label: '规格', placeholder: '规格型号' },
  { property: 'taxCode', label: '编码', placeholder: '19 位税收分类编码' },
];
const LINE_PROPERTIES: readonly IssueLineProperty[] = [...LINE_ALWAYS, ...LINE_WHEN_USED].map((spec) => spec.property);
const HEADER_PROPERTIES: readonly IssueHeaderProperty[] = [...HEADER_TOP, ...HEADER_BOTTOM].map(
  (spec) => spec.property,
);

const PROBLEM_MARK = '⚠️ ';

export function headerInputName(property: IssueHeaderProperty): string {
  return issueKeyFor(property).english;
}

export function lineInputName(property: IssueLineProperty, line: number): string {
  return `${issueKeyFor(property).english}_${line}`;
}

export interface IssueFormOptions {
  /** Values to pre-fill, by input name (a submitted form, or `rawDraftToFormValues`). */
  values?: Record<string, string>;
  /** Lines to show; at least the highest line that has a value or a problem, at most MAX_FORM_LINES. */
  lineCount?: number;
  /** Shown above the inputs; the inputs they name are marked. */
  problems?: readonly DraftProblem[];
}

export function buildIssueForm(options: IssueFormOptions = {}): Card {
  const values = options.values ?? {};
  const problems = options.problems ?? [];
  const lineCount = formLineCount(values, problems, options.lineCount);
  const marked = markedInputs(problems);
  const input = (name: string, label: string, placeholder: string): FormInput => {
    const field: FormInput = { name, label: marked.has(name) ? `${PROBLEM_MARK}${label}` : label, placeholder };
    const value = values[name];
    if (value !== undefined && value !== '') field.value = value;
    return field;
  };

  const inputs: FormInput[] = HEADER_TOP.map((spec) => input(headerInputName(spec.property), spec.label, spec.placeholder));
  for (let line = 1; line <= lineCount; line += 1) {
    const prefix = lineCount > 1 ? `第 ${line} 行` : '';
    for (const spec of LINE_ALWAYS) {
      inputs.push(input(lineInputName(spec.property, line), `${prefix}${spec.label}`, spec.placeholder));
    }
    for (const spec of LINE_WHEN_USED) {
      const name = lineInputName(spec.property, line);
      if ((values[name] ?? '') !== '' || marked.has(name)) inputs.push(input(name, `${prefix}${spec.label}`, spec.placeholder));
    }
  }
  for (const spec of HEADER_BOTTOM) {
    inputs.push(input(headerInputName(spec.property), spec.label, spec.placeholder));
  }

  const extraButtons: CardButton[] =
    lineCount < MAX_FORM_LINES
      ? [{ text: '再加一行', value: { op: ISSUE_FORM_ADD_LINE_OP, lines: String(lineCount + 1) }, style: 'default' }]
      : [];
  return {
    title: '开票',
    state: problems.length > 0 ? 'danger' : 'info',
    body:
      problems.length > 0
        ? [{ strong: '请修改以下问题：' }, `\n${capList(problems.map((problem) => `· ${problem.message}`)).join('\n')}`]
        : ['填好后点 ', { strong: '预览' }, '，核对无误再确认开具。'],
    form: {
      name: ISSUE_FORM_NAME,
      inputs,
      submit: { text: '预览', value: { op: ISSUE_FORM_SUBMIT_OP }, style: 'primary' },
      extraButtons,
      template: typedTemplate(values, lineCount),
    },
    note: '金额是含税金额，单位元；税率写 6% 或 0.06；个人抬头不填税号。',
  };
}

/** The form as one typed `开票` message: header keys on the first line, one line per item, what was typed kept. */
function typedTemplate(values: Record<string, string>, lineCount: number): string {
  const pair = (property: IssueHeaderProperty | IssueLineProperty, name: string) =>
    `${issueKeyFor(property).field}=${values[name] ?? ''}`;
  const header = [...HEADER_TOP, ...HEADER_BOTTOM].map((spec) => pair(spec.property, headerInputName(spec.property)));
  const lines = Array.from({ length: lineCount }, (_, index) => {
    const line = index + 1;
    const used = LINE_WHEN_USED.filter((spec) => (values[lineInputName(spec.property, line)] ?? '') !== '');
    return [...LINE_ALWAYS, ...used].map((spec) => pair(spec.property, lineInputName(spec.property, line))).join(' ');
  });
  return [`开票 ${header.join(' ')}`, ...lines].join('\n');
}

/**
 * Submitted form values → RawDraft: values width-normalised and trimmed, blanks left out, trailing blank lines
 * dropped. Inputs it does not know are ignored.
 */
export function formToRawDraft(form: Record<string, string>): RawDraft {
  const raw: RawDraft = { lines: [] };
  for (const property of HEADER_PROPERTIES) {
    const value = cleaned(form[headerInputName(property)]);
    if (value !== undefined) raw[property] = value;
  }
  const lines: RawLine[] = [];
  for (let line = 1; line <= highestLine(form); line += 1) {
    const rawLine: RawLine = {};
    for (const property of LINE_PROPERTIES) {
      const value = cleaned(form[lineInputName(property, line)]);
      if (value !== undefined) rawLine[property] = value;
    }
    lines.push(rawLine);
  }
  // A blank line in the middle stays, so problem line numbers match the form the user sees.
  while (lines.length > 0 && Object.keys(lines[lines.length - 1] ?? {}).length === 0) lines.pop();
  raw.lines = lines;
  return raw;
}

/** RawDraft (e.g. from a typed `开票` that had problems) → form values, to post it again as a form. */
export function rawDraftToFormValues(raw: RawDraft): Record<string, string> {
  const values: Record<string, string> = {};
  for (const property of HEADER_PROPERTIES) {
    const value = raw[property];
    if (value !== undefined) values[headerInputName(property)] = value;
  }
  raw.lines.forEach((rawLine, index) => {
    for (const property of LINE_PROPERTIES) {
      const value = rawLine[property];
      if (value !== undefined) values[lineInputName(property, index + 1)] = value;
    }
  });
  return values;
}

/** The line count an add-line click asks for (`value.lines`), never fewer than the submitted form holds. */
export function lineCountOf(value: ActionValue, form: Record<string, string> = {}): number {
  const asked = Number.parseInt(value.lines ?? '', 10);
  return Math.min(MAX_FORM_LINES, Math.max(Number.isFinite(asked) ? asked : 1, highestLine(form), 1));
}

function cleaned(value: string | undefined): string | undefined {
  const text = normalizeText(value ?? '').replace(/\s+/gu, ' ');
  return text === '' ? undefined : text;
}

const LINE_INPUT_BASES = LINE_PROPERTIES.map((property) => issueKeyFor(property).english);
const LINE_INPUT = new RegExp(`^(?:${LINE_INPUT_BASES.join('|')})_(\\d+)$`, 'u');

/** The highest N (up to MAX_FORM_LINES) of any line input that holds a value. */
function highestLine(values: Record<string, string>): number {
  let highest = 0;
  for (const [name, value] of Object.entries(values)) {
    const line = Number(LINE_INPUT.exec(name)?.[1] ?? 0);
    if (line <= MAX_FORM_LINES && (value ?? '').trim() !== '') highest = Math.max(highest, line);
  }
  return highest;
}

function formLineCount(values: Record<string, string>, problems: readonly DraftProblem[], asked = 1): number {
  const problemLines = problems.map((problem) => problem.line ?? 1);
  return Math.min(MAX_FORM_LINES, Math.max(1, asked, highestLine(values), ...problemLines));
}

/** Input names a problem points at: only when its field is that key's own name (not an unknown key's guess). */
function markedInputs(problems: readonly DraftProblem[]): Set<string> {
  const names = new Set<string>();
  for (const problem of problems) {
    const key = issueKeyFor(problem.key);
    if (problem.field !== key.field) continue;
    names.add(
      key.scope === 'header'
        ? headerInputName(key.property as IssueHeaderProperty)
        : lineInputName(key.property as IssueLineProperty, problem.line ?? 1),
    );
  }
  return names;
}
