/**
 * Fuzzing (fast-check) of what people type, from the tokenizer to the draft checks: nothing throws, and whatever
 * passes validation is a draft the provider can take as it is.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InvoiceDraft } from '../../../src/api/provider.js';
import { parseIssueArgs } from '../../../src/commands/issue-args.js';
import { formToRawDraft } from '../../../src/commands/issue-form.js';
import { splitCommand, tokenizeArgs } from '../../../src/commands/tokenizer.js';
import { checkDraft } from '../../../src/invoice/draft.js';
import { DEFAULT_DRAFT_LIMITS } from '../../../src/invoice/draft-limits.js';
import { ALLOWED_RATES_PERMILLE } from '../../../src/invoice/rate.js';
import type { RawDraft, RawLine } from '../../../src/invoice/raw-draft.js';
import { checkUserText } from '../../../src/invoice/user-text.js';

const RUNS = { numRuns: 400 };

/** Characters that make trouble: syntax of the tokenizer, markup, controls, bidi, invisible and full-width ones. */
const TRICKY = [
  '=', '＝', ':', '：', ' ', '\u3000', '\t', '\n', '\r', ',', '，', ';', '；', '"', '“', '”', '「', '」', '『', '』',
  '<', '>', '[', ']', '(', ')', '*', '~', '_', '`', '&', '#', '%', '％', '.', '-', '0', '9', '１', 'a', 'Ａ',
  '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u200b', '\u200e', '\u200f', '\u202e', '\u2066', '\u061c',
  '\ufeff', '\u3164', '𠀀', '购方', '项目', '金额', '税率', '税号', '备注', '数量', 'item', 'amount', '（集团）',
];
const trickyText = fc.array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 40 }).map((parts) => parts.join(''));

/** Values that are sometimes valid: so that some drafts pass and the invariants get checked. */
const amount = fc.oneof(trickyText, fc.integer({ min: -100, max: 10_000_000 }).map((fen) => (fen / 100).toFixed(2)), fc.constantFrom('1060', '0.01', '1e3', '1,060', '１０６０'));
const rate = fc.oneof(trickyText, fc.constantFrom('6%', '0.06', '13%', '0', '1.5%', '６％', '7%'));
const name = fc.oneof(trickyText, fc.constantFrom('技术服务费', '杭州测试科技有限公司', 'A~B', '<at id=all></at>'));
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const rawLine: fc.Arbitrary<RawLine> = fc.record(
  { item: name, amount, rate, qty: optional(fc.oneof(trickyText, fc.constantFrom('3', '0.5', '-1'))), unit: optional(name), spec: optional(name), taxCode: optional(trickyText) },
  { requiredKeys: [] },
);
const rawDraft: fc.Arbitrary<RawDraft> = fc.record({
  type: optional(fc.constantFrom('普票', '专票', '纸票', '')),
  buyer: optional(name),
  taxId: optional(fc.oneof(trickyText, fc.constantFrom('91330106MA2KXN4X3X', '91330106MA2KXN4X3Y'))),
  remark: optional(name),
  email: optional(fc.oneof(trickyText, fc.constant('a@example.com'))),
  lines: fc.array(rawLine, { maxLength: 5 }),
});

/** Drafts built from valid parts, so that every run checks the invariants on many accepted drafts, not by chance. */
const validishDraft: fc.Arbitrary<RawDraft> = fc.record({
  buyer: fc.constantFrom('杭州测试科技有限公司', 'A~B 有限公司', '<at id=all></at> 公司'),
  taxId: fc.constant('91330106MA2KXN4X3X'),
  remark: optional(name),
  lines: fc.array(
    fc.record({
      item: fc.constantFrom('技术服务费', '咨询费', '[下载](https://example.com)'),
      amount: fc.integer({ min: 1, max: 100_000_000 }).map((fen) => (fen / 100).toFixed(2)),
      rate: fc.constantFrom('6%', '13%', '3%', '0.06'),
    }),
    { minLength: 1, maxLength: 5 },
  ),
});

const FREE_TEXT_BAD = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** What the provider relies on: positive integer fen, totals equal to the sums, names normalised and clean. */
function expectProviderSafe(draft: InvoiceDraft): void {
  expect(draft.lines.length).toBeGreaterThan(0);
  expect(draft.lines.length).toBeLessThanOrEqual(DEFAULT_DRAFT_LIMITS.maxLines);
  for (const line of draft.lines) {
    expect(Number.isSafeInteger(line.grossFen) && line.grossFen > 0).toBe(true);
    expect(Number.isSafeInteger(line.taxFen) && line.taxFen >= 0).toBe(true);
    expect(Number.isSafeInteger(line.netFen) && line.netFen > 0).toBe(true);
    expect(line.netFen + line.taxFen).toBe(line.grossFen);
    expect(ALLOWED_RATES_PERMILLE).toContain(line.ratePermille);
  }
  const sum = (pick: (line: InvoiceDraft['lines'][number]) => number) => draft.lines.reduce((total, line) => total + pick(line), 0);
  expect(draft.grossFen).toBe(sum((line) => line.grossFen));
  expect(draft.netFen).toBe(sum((line) => line.netFen));
  expect(draft.taxFen).toBe(sum((line) => line.taxFen));
  expect(draft.netFen + draft.taxFen).toBe(draft.grossFen);
  expect(draft.grossFen).toBeLessThanOrEqual(DEFAULT_DRAFT_LIMITS.maxGrossFen);
  const texts = [draft.buyer.name, draft.remark, draft.buyer.email, ...draft.lines.flatMap((line) => [line.name, line.unit, line.spec])];
  for (const text of texts.filter((value): value is string => value !== undefined)) {
    expect(text).not.toMatch(FREE_TEXT_BAD);
    expect(checkUserText(text)).toEqual({ ok: true, text });
  }
}

describe('fuzzing what people type', () => {
  it('the tokenizer never throws and never loses a line to a crash', () => {
    fc.assert(
      fc.property(trickyText, (text) => {
        splitCommand(text);
        const lines = tokenizeArgs(text);
        for (const line of lines) expect(line.text).not.toContain('\n');
      }),
      RUNS,
    );
  });

  it('parsing 开票 arguments never throws, and any draft it gives passes through checkDraft without throwing', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(trickyText, fc.constantFrom('购方=', '项目=', ' 金额=100', ' 税率=6%', '\n')), { maxLength: 20 }), (parts) => {
        const parsed = parseIssueArgs(parts.join(''));
        if (parsed.ok) {
          const check = checkDraft(parsed.raw);
          if (check.ok) expectProviderSafe(check.draft);
        } else expect(parsed.problems.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('checkDraft never throws, and every draft it accepts satisfies what the provider relies on', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(rawDraft, validishDraft), (raw) => {
        const check = checkDraft(raw);
        if (!check.ok) {
          expect(check.errors.length).toBeGreaterThan(0);
          return;
        }
        accepted += 1;
        expectProviderSafe(check.draft);
      }),
      { numRuns: 2000 },
    );
    // The property means little if nothing ever passes.
    expect(accepted).toBeGreaterThan(0);
  });

  it('form values never make the form reader or checkDraft throw', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('buyer', 'taxid', 'item_1', 'amount_1', 'rate_1', 'unit_2', 'item_10', 'remark', 'x'), trickyText), (form) => {
        const check = checkDraft(formToRawDraft(form));
        if (check.ok) expectProviderSafe(check.draft);
      }),
      RUNS,
    );
  });
});
