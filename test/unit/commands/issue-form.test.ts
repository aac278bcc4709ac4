import { plainTextOf } from '../../../src/bot/card-text.js';
import { describe, expect, it } from 'vitest';
import { parseIssueArgs } from '../../../src/commands/issue-args.js';
import {
  ISSUE_FORM_ADD_LINE_OP,
  ISSUE_FORM_SUBMIT_OP,
  MAX_FORM_LINES,
  buildIssueForm,
  formToRawDraft,
  lineCountOf,
  rawDraftToFormValues,
} from '../../../src/commands/issue-form.js';
import type { Card, FormInput } from '../../../src/bot/platform.js';

function inputsOf(card: Card): FormInput[] {
  if (card.form === undefined) throw new Error('card has no form');
  return card.form.inputs;
}

function inputNamed(card: Card, name: string): FormInput | undefined {
  return inputsOf(card).find((input) => input.name === name);
}

/** What a person types into each input of the card, by label, the way a platform hands form_value back. */
function fillIn(card: Card, byLabel: Record<string, string>): Record<string, string> {
  return Object.fromEntries(inputsOf(card).map((input) => [input.name, byLabel[input.label] ?? '']));
}

describe('buildIssueForm', () => {
  it('offers the header inputs, one line and the submit and add-line buttons', () => {
    const card = buildIssueForm();
    expect(inputsOf(card).map((input) => input.name)).toEqual([
      'buyer',
      'taxid',
      'item_1',
      'amount_1',
      'rate_1',
      'remark',
      'type',
      'email',
    ]);
    expect(inputNamed(card, 'amount_1')?.label).toBe('金额（含税，元）');
    expect(card.form?.submit.value).toEqual({ op: ISSUE_FORM_SUBMIT_OP });
    expect(card.form?.extraButtons).toEqual([
      { text: '再加一行', value: { op: ISSUE_FORM_ADD_LINE_OP, lines: '2' }, style: 'default' },
    ]);
    expect(card.state).toBe('info');
  });

  it('marks no input required, so 再加一行 (which submits the form) works before anything is typed', () => {
    const required = inputsOf(buildIssueForm({ lineCount: 2 })).filter((input) => input.required === true);
    expect(required).toEqual([]);
  });

  it('numbers the lines when there are several and stops offering lines at the maximum', () => {
    const card = buildIssueForm({ lineCount: 2 });
    expect(inputNamed(card, 'item_2')?.label).toBe('第 2 行项目');
    expect(card.form?.extraButtons?.[0]?.value.lines).toBe('3');
    expect(buildIssueForm({ lineCount: MAX_FORM_LINES + 5 }).form?.extraButtons).toEqual([]);
    expect(inputNamed(buildIssueForm({ lineCount: MAX_FORM_LINES + 5 }), `item_${MAX_FORM_LINES + 1}`)).toBe(undefined);
  });

  it('shows problems, marks the inputs they name and keeps what was typed', () => {
    const values = { buyer: '杭州测试', item_1: '服务', amount_1: '0', item_2: '咨询', amount_2: '530', remark: '十月' };
    const card = buildIssueForm({
      values,
      problems: [
        { field: '金额', key: 'amount', line: 1, message: '第 1 行金额必须大于 0' },
        { field: '税号', key: 'taxId', message: '专票必须填写购方税号' },
        { field: '金钱', key: 'amount', message: '不认识的字段 "金钱"' },
      ],
    });
    expect(card.state).toBe('danger');
    expect(plainTextOf(card.body ?? [])).toContain('· 第 1 行金额必须大于 0\n· 专票必须填写购方税号\n· 不认识的字段 "金钱"');
    expect(inputNamed(card, 'amount_1')?.label).toBe('⚠️ 第 1 行金额（含税，元）');
    expect(inputNamed(card, 'taxid')?.label).toBe('⚠️ 税号');
    expect(inputNamed(card, 'amount_2')?.label).toBe('第 2 行金额（含税，元）');
    for (const [name, value] of Object.entries(values)) expect(inputNamed(card, name)?.value).toBe(value);
  });

  it('shows as many lines as the values or problems need', () => {
    expect(inputNamed(buildIssueForm({ values: { item_3: 'x' } }), 'item_3')?.value).toBe('x');
    const card = buildIssueForm({ problems: [{ field: '数量', key: 'qty', line: 2, message: '第 2 行数量必须大于 0' }] });
    expect(inputNamed(card, 'qty_2')?.label).toBe('⚠️ 第 2 行数量');
    expect(inputNamed(card, 'qty_1')).toBe(undefined);
  });
});

describe('formToRawDraft', () => {
  it('round-trips: the card, filled in as a person would, gives the raw draft', () => {
    const card = buildIssueForm({ lineCount: 2 });
    const form = fillIn(card, {
      购方: ' 杭州测试科技有限公司 ',
      税号: '９１３３０１０６ＭＡ２ＫＸＮ４Ｘ３Ｘ',
      '第 1 行项目': '技术服务费',
      '第 1 行金额（含税，元）': '１０６０',
      '第 1 行税率': '6％',
      '第 2 行项目': '咨询费',
      '第 2 行金额（含税，元）': '530',
      '第 2 行税率': '0.06',
      备注: '十月服务',
    });
    expect(formToRawDraft(form)).toEqual({
      buyer: '杭州测试科技有限公司',
      taxId: '91330106MA2KXN4X3X',
      remark: '十月服务',
      lines: [
        { item: '技术服务费', amount: '1060', rate: '6%' },
        { item: '咨询费', amount: '530', rate: '0.06' },
      ],
    });
  });

  it('drops blank trailing lines but keeps a blank line in the middle so line numbers match the card', () => {
    const form = { buyer: '甲', item_1: 'a', amount_1: '1', item_2: '', amount_2: ' ', item_3: 'c', item_4: '' };
    expect(formToRawDraft(form).lines).toEqual([{ item: 'a', amount: '1' }, {}, { item: 'c' }]);
  });

  it('gives no lines for an empty form', () => {
    expect(formToRawDraft({ buyer: '', item_1: '', amount_1: '' })).toEqual({ lines: [] });
  });

  it('brings a typed command to the form and back unchanged', () => {
    const typed = parseIssueArgs('购方=甲 类型=专票 邮箱=a@b.cn 项目=a 金额=1 数量=2 单位=次 规格=S 编码=1\n项目=b 金额=2');
    if (!typed.ok) throw new Error('expected ok');
    const card = buildIssueForm({ values: rawDraftToFormValues(typed.raw) });
    const submitted = Object.fromEntries(inputsOf(card).map((input) => [input.name, input.value ?? '']));
    expect(formToRawDraft(submitted)).toEqual(typed.raw);
  });
});

describe('lineCountOf', () => {
  it('reads the add-line button value, never below the lines submitted, never above the maximum', () => {
    expect(lineCountOf({ op: ISSUE_FORM_ADD_LINE_OP, lines: '3' })).toBe(3);
    expect(lineCountOf({ op: ISSUE_FORM_ADD_LINE_OP, lines: '2' }, { item_4: 'x' })).toBe(4);
    expect(lineCountOf({ op: ISSUE_FORM_ADD_LINE_OP, lines: '999' })).toBe(MAX_FORM_LINES);
    expect(lineCountOf({ op: ISSUE_FORM_ADD_LINE_OP })).toBe(1);
  });
});
