/**
 * Raw draft (strings as typed) → validated InvoiceDraft, or every problem at once, each a whole Chinese sentence
 * that names the field and the rule. Nothing here does I/O; nothing is sent anywhere until this says ok.
 */
import type { Buyer, InvoiceDraft, InvoiceKind, InvoiceLine } from '../api/provider.js';
import { DEFAULT_DRAFT_LIMITS, type DraftLimits } from './draft-limits.js';
import { parseInvoiceKind } from './invoice-kind.js';
import { formatYuanForChat, parseYuan } from './money.js';
import { parseQuantity, unitPriceOf } from './quantity.js';
import { parseRate } from './rate.js';
import type { DraftCheck, DraftProblem, RawDraft, RawLine } from './raw-draft.js';
import { splitTaxInclusive, totalsOf } from './tax.js';
import { checkTaxpayerId } from './taxpayer-id.js';
import { checkUserText, CONTROL_RULE } from './user-text.js';

export interface CheckDraftOptions {
  /** Overrides of DEFAULT_DRAFT_LIMITS. */
  limits?: Partial<DraftLimits>;
}

type ProblemKey = DraftProblem['key'];

/** The key names users type (contract.md), used as the `field` of every problem. */
const FIELD_NAMES: Record<ProblemKey, string> = {
  type: '类型',
  buyer: '购方',
  taxId: '税号',
  remark: '备注',
  email: '邮箱',
  item: '项目',
  amount: '金额',
  rate: '税率',
  qty: '数量',
  unit: '单位',
  spec: '规格',
  taxCode: '编码',
};

/**
 * Words that mark a buyer as an organisation, which has a taxpayer number: without one the invoice would go to a
 * natural person (gmfzrrbz=Y) named like a company, which the company cannot use. A personal name contains none.
 */
const ORGANISATION_WORDS = [
  '公司', '有限', '集团', '厂', '店', '中心', '事务所', '协会', '学会', '商会', '学校', '学院', '大学', '中学', '小学',
  '幼儿园', '医院', '诊所', '银行', '研究所', '研究院', '合作社', '工作室', '商行', '经营部', '基金会', '委员会', '机构',
];
const ORGANISATION_LATIN = /\b(?:co|ltd|limited|inc|llc|corp|corporation|company|gmbh)\b/iu;

/** Whether a buyer name reads like a company, shop, school… rather than a person. */
export function looksLikeOrganisation(name: string): boolean {
  return ORGANISATION_WORDS.some((word) => name.includes(word)) || ORGANISATION_LATIN.test(name);
}

const EMAIL = /^[^\s@]+@(?:[^\s@.]+\.)+[^\s@.]+$/u;
const TAX_CODE = /^\d{19}$/u;

class Findings {
  readonly errors: DraftProblem[] = [];
  readonly warnings: DraftProblem[] = [];

  error(key: ProblemKey, message: string, line?: number): void {
    this.errors.push(problem(key, message, line));
  }

  warning(key: ProblemKey, message: string, line?: number): void {
    this.warnings.push(problem(key, message, line));
  }
}

function problem(key: ProblemKey, message: string, line: number | undefined): DraftProblem {
  return line === undefined ? { field: FIELD_NAMES[key], key, message } : { field: FIELD_NAMES[key], key, line, message };
}

/** Trimmed text, or undefined when absent or blank (a blank optional key counts as not given). */
function given(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/**
 * A free-text value normalised by user-text.ts, or undefined when absent, blank (nothing visible) or refused.
 * A refusal is reported as `<name>不能包含控制字符…` (e.g. `购方名称不能包含控制字符或文字方向控制符`); a blank value
 * only when the field is required (`blankRule`), since a blank optional key counts as not given.
 */
function freeText(
  value: string | undefined,
  name: string,
  report: (sentence: string) => void,
  blankRule?: string,
): string | undefined {
  const check = checkUserText(value ?? '');
  if (check.ok) return check.text;
  if (check.problem === 'control') report(`${name}${CONTROL_RULE}`);
  else if (blankRule !== undefined) report(blankRule);
  return undefined;
}

/** Length in characters as a person counts them (code points, so 𠀀 is one). */
function lengthOf(text: string): number {
  return [...text].length;
}

/**
 * Validates a raw draft and, when nothing is wrong, computes each line's tax and the totals.
 * A taxpayer number whose check character is wrong is a warning (`ok: true`): the caller asks the user to confirm;
 * so is a buyer that reads like an organisation but has no number (it would be issued to a natural person).
 * Line messages start with `第 N 行` only when the draft has more than one line.
 */
export function checkDraft(raw: RawDraft, options: CheckDraftOptions = {}): DraftCheck {
  const limits: DraftLimits = { ...DEFAULT_DRAFT_LIMITS, ...options.limits };
  const findings = new Findings();

  const kind = parseInvoiceKind(raw.type);
  if (kind === undefined) findings.error('type', '类型只能是普票或专票');
  const buyer = checkBuyer(raw, kind, limits, findings);
  const remark = freeText(raw.remark, '备注', (sentence) => findings.error('remark', sentence));
  if (remark !== undefined && lengthOf(remark) > limits.maxRemarkLength) {
    findings.error('remark', `备注不能超过 ${limits.maxRemarkLength} 个字`);
  }
  const lines = checkLines(raw.lines, kind, limits, findings);

  if (findings.errors.length > 0 || kind === undefined || buyer === undefined || lines === undefined) {
    return { ok: false, errors: findings.errors };
  }
  const draft: InvoiceDraft = { kind, buyer, lines, ...totalsOf(lines) };
  if (remark !== undefined) draft.remark = remark;
  return { ok: true, draft, warnings: findings.warnings };
}

function checkBuyer(
  raw: RawDraft,
  kind: InvoiceKind | undefined,
  limits: DraftLimits,
  findings: Findings,
): Buyer | undefined {
  const name = freeText(raw.buyer, '购方名称', (sentence) => findings.error('buyer', sentence), '购方不能为空');
  if (name !== undefined && lengthOf(name) > limits.maxBuyerNameLength) {
    findings.error('buyer', `购方名称不能超过 ${limits.maxBuyerNameLength} 个字`);
  }

  let taxId: string | undefined;
  const rawTaxId = given(raw.taxId);
  if (rawTaxId === undefined) {
    // No number: a natural person, which only a 普票 may be issued to.
    if (kind === 'special') findings.error('taxId', '专票必须填写购方税号');
    else if (name !== undefined && looksLikeOrganisation(name)) {
      findings.warning(
        'taxId',
        `购方「${name}」像是单位，单位抬头需要填写税号（例如 税号=91330106MA2KXN4X3X）；不填将按个人（自然人）开具`,
      );
    }
  } else {
    const check = checkTaxpayerId(rawTaxId);
    taxId = check.taxId;
    if (check.status === 'malformed') findings.error('taxId', `税号${check.rule}`);
    if (check.status === 'checksum_mismatch') findings.warning('taxId', `税号${check.rule}`);
  }

  const email = freeText(raw.email, '邮箱', (sentence) => findings.error('email', sentence));
  if (email !== undefined && (lengthOf(email) > limits.maxEmailLength || !EMAIL.test(email))) {
    findings.error('email', '邮箱格式不正确');
  }

  if (name === undefined) return undefined;
  const buyer: Buyer = { name, naturalPerson: taxId === undefined };
  if (taxId !== undefined) buyer.taxId = taxId;
  if (email !== undefined) buyer.email = email;
  return buyer;
}

function checkLines(
  rawLines: readonly RawLine[],
  kind: InvoiceKind | undefined,
  limits: DraftLimits,
  findings: Findings,
): InvoiceLine[] | undefined {
  if (rawLines.length === 0) {
    findings.error('item', '至少要有一个项目，例如 项目=技术服务费 金额=1060 税率=6%');
    return undefined;
  }
  if (rawLines.length > limits.maxLines) {
    // Checking each of hundreds of lines would bury this one message.
    findings.error('item', `项目不能超过 ${limits.maxLines} 行，现在是 ${rawLines.length} 行`);
    return undefined;
  }
  const lines: InvoiceLine[] = [];
  let parsedGrossFen = 0;
  rawLines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    const prefix = rawLines.length > 1 ? `第 ${lineNo} 行` : '';
    const line = checkLine(rawLine, kind, limits, (key, rule) => findings.error(key, `${prefix}${rule}`, lineNo));
    if (line.grossFen !== undefined) parsedGrossFen += line.grossFen;
    if (line.complete) lines.push(line.complete);
  });
  if (parsedGrossFen > limits.maxGrossFen) {
    findings.error('amount', `价税合计不能超过 ${formatYuanForChat(limits.maxGrossFen)} 元`);
  }
  return lines.length === rawLines.length ? lines : undefined;
}

/** `report(key, sentence)` gets a sentence without the line prefix, e.g. `金额必须大于 0`. */
function checkLine(
  raw: RawLine,
  kind: InvoiceKind | undefined,
  limits: DraftLimits,
  report: (key: ProblemKey, sentence: string) => void,
): { complete?: InvoiceLine; grossFen?: number } {
  let failed = false;
  const fail = (key: ProblemKey, sentence: string): void => {
    failed = true;
    report(key, sentence);
  };

  const name = freeText(raw.item, '项目名称', (sentence) => fail('item', sentence), '项目名称不能为空');
  if (name !== undefined && lengthOf(name) > limits.maxItemNameLength) {
    fail('item', `项目名称不能超过 ${limits.maxItemNameLength} 个字`);
  }

  let grossFen: number | undefined;
  const amount = parseYuan(raw.amount ?? '');
  if (!amount.ok) fail('amount', `金额${amount.rule}`);
  else if (amount.fen <= 0) fail('amount', '金额必须大于 0');
  else grossFen = amount.fen;

  let ratePermille: number | undefined;
  const rate = parseRate(raw.rate ?? '');
  if (!rate.ok) fail('rate', `税率${rate.rule}`);
  else if (rate.permille === 0 && kind === 'special') fail('rate', '税率为 0 时不能开专票');
  else ratePermille = rate.permille;

  let quantity: string | undefined;
  const rawQty = given(raw.qty);
  if (rawQty !== undefined) {
    const parsed = parseQuantity(rawQty);
    if (parsed.ok) quantity = parsed.value;
    else fail('qty', `数量${parsed.rule}`);
  }

  const unit = freeText(raw.unit, '单位', (sentence) => fail('unit', sentence));
  if (unit !== undefined && lengthOf(unit) > limits.maxUnitLength) {
    fail('unit', `单位不能超过 ${limits.maxUnitLength} 个字`);
  }
  const spec = freeText(raw.spec, '规格', (sentence) => fail('spec', sentence));
  if (spec !== undefined && lengthOf(spec) > limits.maxSpecLength) {
    fail('spec', `规格不能超过 ${limits.maxSpecLength} 个字`);
  }
  const taxCode = given(raw.taxCode)?.normalize('NFKC').replace(/\s+/gu, '');
  if (taxCode !== undefined && !TAX_CODE.test(taxCode)) fail('taxCode', '编码应为 19 位数字的税收分类编码');

  if (failed || name === undefined || grossFen === undefined || ratePermille === undefined) {
    return grossFen === undefined ? {} : { grossFen };
  }
  const line: InvoiceLine = { name, ratePermille, ...splitTaxInclusive(grossFen, ratePermille) };
  if (taxCode !== undefined) line.taxCode = taxCode;
  if (spec !== undefined) line.spec = spec;
  if (unit !== undefined) line.unit = unit;
  if (quantity !== undefined) {
    line.quantity = quantity;
    line.unitPrice = unitPriceOf(grossFen, quantity);
  }
  return { complete: line, grossFen };
}
