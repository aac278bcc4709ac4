import { describe, expect, it } from 'vitest';
import { checkDraft } from '../../../src/invoice/draft.js';
import type { DraftCheck, DraftProblem, RawDraft, RawLine } from '../../../src/invoice/raw-draft.js';

const LINE: RawLine = { item: '技术服务费', amount: '1060', rate: '6%' };
const DRAFT: RawDraft = { buyer: '杭州测试科技有限公司', taxId: '91330106MA2KXN4X3X', lines: [LINE] };

function draftWith(changes: Partial<RawDraft>, ...lines: RawLine[]): RawDraft {
  return { ...DRAFT, ...changes, lines: lines.length > 0 ? lines : DRAFT.lines };
}

function errorsOf(check: DraftCheck): DraftProblem[] {
  if (check.ok) throw new Error(`expected errors, got a draft: ${JSON.stringify(check.draft)}`);
  return check.errors;
}

function messagesOf(check: DraftCheck): string[] {
  return errorsOf(check).map((problem) => problem.message);
}

function okDraft(check: DraftCheck) {
  if (!check.ok) throw new Error(`expected a draft, got ${JSON.stringify(check.errors)}`);
  return check;
}

describe('checkDraft: a good draft', () => {
  it('becomes an InvoiceDraft with taxes per line and totals equal to the line sums', () => {
    const check = okDraft(
      checkDraft({
        buyer: ' 杭州测试科技有限公司 ',
        taxId: '91330106ma2kxn4x3x',
        remark: '十月服务',
        email: 'finance@example.com',
        lines: [
          { item: '技术服务费', amount: '1060', rate: '6%', qty: '3', unit: '次', spec: 'A型', taxCode: '3040201990000000000' },
          { item: '咨询费', amount: '100.05', rate: '13%' },
          { item: '资料费', amount: '0.09', rate: '0.06' },
        ],
      }),
    );
    expect(check.warnings).toEqual([]);
    expect(check.draft).toEqual({
      kind: 'normal',
      buyer: {
        name: '杭州测试科技有限公司',
        taxId: '91330106MA2KXN4X3X',
        naturalPerson: false,
        email: 'finance@example.com',
      },
      remark: '十月服务',
      lines: [
        {
          name: '技术服务费',
          taxCode: '3040201990000000000',
          spec: 'A型',
          unit: '次',
          quantity: '3',
          unitPrice: '353.3333333333333',
          ratePermille: 60,
          grossFen: 106000,
          taxFen: 6000,
          netFen: 100000,
        },
        { name: '咨询费', ratePermille: 130, grossFen: 10005, taxFen: 1151, netFen: 8854 },
        { name: '资料费', ratePermille: 60, grossFen: 9, taxFen: 1, netFen: 8 },
      ],
      grossFen: 116014,
      taxFen: 7152,
      netFen: 108862,
    });
  });

  it('keeps the totals equal to the line sums and jshj = hjje + hjse over many lines', () => {
    const amounts = ['0.09', '1060', '100.05', '0.01', '999.99', '17.17', '53', '1,234.56'];
    const rates = ['6%', '13%', '1%', '1.5%', '3%', '9%', '0.5%', '0'];
    const lines = amounts.map((amount, index) => ({ item: `项目${index + 1}`, amount, rate: rates[index] }));
    const { draft } = okDraft(checkDraft(draftWith({}, ...lines)));
    const sum = (pick: (line: (typeof draft.lines)[number]) => number) =>
      draft.lines.reduce((total, line) => total + pick(line), 0);
    expect(draft.grossFen).toBe(sum((line) => line.grossFen));
    expect(draft.taxFen).toBe(sum((line) => line.taxFen));
    expect(draft.netFen).toBe(sum((line) => line.netFen));
    expect(draft.grossFen).toBe(draft.netFen + draft.taxFen);
    expect(draft.grossFen).toBe(9 + 106000 + 10005 + 1 + 99999 + 1717 + 5300 + 123456);
  });

  it('treats a buyer without a taxpayer number as a natural person on a 普票', () => {
    const { draft } = okDraft(checkDraft({ buyer: '张三', lines: [LINE] }));
    expect(draft.kind).toBe('normal');
    expect(draft.buyer).toEqual({ name: '张三', naturalPerson: true });
  });

  it('treats blank optional keys as not given', () => {
    const { draft } = okDraft(
      checkDraft({ buyer: '张三', taxId: ' ', remark: '', email: ' ', lines: [{ ...LINE, qty: '', unit: ' ' }] }),
    );
    expect(draft.buyer).toEqual({ name: '张三', naturalPerson: true });
    expect(draft).not.toHaveProperty('remark');
    expect(draft.lines[0]).toEqual({ name: '技术服务费', ratePermille: 60, grossFen: 106000, taxFen: 6000, netFen: 100000 });
  });

  it.each([
    [undefined, 'normal'],
    ['普票', 'normal'],
    ['普通', 'normal'],
    ['Normal', 'normal'],
    ['专票', 'special'],
    ['专用', 'special'],
    ['SPECIAL', 'special'],
  ])('reads 类型=%s as %s', (type, kind) => {
    expect(okDraft(checkDraft(draftWith({ type }))).draft.kind).toBe(kind);
  });

  it('accepts a zero rate on a 普票', () => {
    const { draft } = okDraft(checkDraft(draftWith({}, { ...LINE, rate: '0%' })));
    expect(draft.lines[0]).toMatchObject({ ratePermille: 0, taxFen: 0, netFen: 106000 });
  });

  it('accepts the limits exactly', () => {
    const check = checkDraft(
      draftWith(
        { buyer: '购'.repeat(100), remark: '备'.repeat(200) },
        { item: '项'.repeat(100), amount: '100,000,000', rate: '6%', unit: '单'.repeat(20), spec: '规'.repeat(40) },
      ),
    );
    expect(okDraft(check).draft.grossFen).toBe(10_000_000_000);
  });

  it('counts characters, not UTF-16 units, against the limits', () => {
    expect(checkDraft(draftWith({ buyer: '𠀀'.repeat(100) })).ok).toBe(true);
  });
});

describe('checkDraft: the taxpayer number', () => {
  it('warns when a buyer that reads like an organisation has no taxpayer number, and still issues to a person', () => {
    for (const buyer of ['杭州测试科技有限公司', '西湖区老王烟酒店', '杭州第一人民医院', '某某会计师事务所', 'Acme Trading Co., Ltd.']) {
      const check = okDraft(checkDraft({ buyer, lines: [LINE] }));
      expect(check.warnings).toEqual([
        { field: '税号', key: 'taxId', message: `购方「${buyer}」像是单位，单位抬头需要填写税号（例如 税号=91330106MA2KXN4X3X）；不填将按个人（自然人）开具` },
      ]);
      expect(check.draft.buyer).toEqual({ name: buyer, naturalPerson: true });
    }
    for (const buyer of ['张三', '欧阳娜娜', 'Li Lei']) expect(okDraft(checkDraft({ buyer, lines: [LINE] })).warnings).toEqual([]);
    expect(okDraft(checkDraft(DRAFT)).warnings).toEqual([]);
  });

  it('warns about a wrong check character but still gives the draft, for the user to confirm', () => {
    const check = okDraft(checkDraft(draftWith({ taxId: '91330106MA2KXN4X3A' })));
    expect(check.warnings).toEqual([{ field: '税号', key: 'taxId', message: '税号校验位不正确(应为 X)' }]);
    expect(check.draft.buyer).toMatchObject({ taxId: '91330106MA2KXN4X3A', naturalPerson: false });
  });

  it.each([
    ['9133-0106MA2KXN4X3X', '税号只能包含字母和数字'],
    ['9133010', '税号应为 15、17、18 或 20 位字母和数字，现在是 7 位'],
    ['91330106MA2KXN4I3X', '税号含有统一社会信用代码不使用的字母 I'],
  ])('rejects %s: %s', (taxId, message) => {
    expect(errorsOf(checkDraft(draftWith({ taxId })))).toEqual([{ field: '税号', key: 'taxId', message }]);
  });

  it('requires a taxpayer number on a 专票', () => {
    expect(errorsOf(checkDraft({ type: '专票', buyer: '张三', lines: [LINE] }))).toEqual([
      { field: '税号', key: 'taxId', message: '专票必须填写购方税号' },
    ]);
  });
});

describe('checkDraft: every rule has its sentence', () => {
  it.each<[string, Partial<RawDraft>, string]>([
    ['no buyer', { buyer: undefined }, '购方不能为空'],
    ['a blank buyer', { buyer: '  ' }, '购方不能为空'],
    ['a long buyer name', { buyer: '购'.repeat(101) }, '购方名称不能超过 100 个字'],
    ['an unknown type', { type: '增值税发票' }, '类型只能是普票或专票'],
    ['a long remark', { remark: '备'.repeat(201) }, '备注不能超过 200 个字'],
    ['an email without @', { email: 'finance.example.com' }, '邮箱格式不正确'],
    ['an email without a domain dot', { email: 'finance@example' }, '邮箱格式不正确'],
    ['an email with a space', { email: 'fin ance@example.com' }, '邮箱格式不正确'],
    ['an email too long', { email: `${'a'.repeat(250)}@x.cn` }, '邮箱格式不正确'],
  ])('%s', (_, changes, message) => {
    expect(messagesOf(checkDraft(draftWith(changes)))).toEqual([message]);
  });

  it.each<[string, RawLine, string]>([
    ['no item', { ...LINE, item: undefined }, '项目名称不能为空'],
    ['a long item name', { ...LINE, item: '项'.repeat(101) }, '项目名称不能超过 100 个字'],
    ['no amount', { ...LINE, amount: undefined }, '金额不能为空'],
    ['an amount that is no number', { ...LINE, amount: '一千' }, '金额必须是数字，例如 1060 或 1,060.50'],
    ['a zero amount', { ...LINE, amount: '0' }, '金额必须大于 0'],
    ['a negative amount', { ...LINE, amount: '-10' }, '金额必须大于 0'],
    ['three decimals', { ...LINE, amount: '10.001' }, '金额最多两位小数'],
    ['an absurd amount', { ...LINE, amount: '1'.repeat(20) }, '金额超出了可以处理的范围'],
    ['no rate', { ...LINE, rate: undefined }, '税率不能为空'],
    ['a rate the bureau does not use', { ...LINE, rate: '7%' }, '税率只能是 0%、0.5%、1%、1.5%、3%、5%、6%、9%、10%、11%、13%、16%、17%'],
    ['a rate that is no number', { ...LINE, rate: '六个点' }, '税率格式不正确，应写成 6% 或 0.06'],
    ['an exemption', { ...LINE, rate: '免税' }, '税率暂不支持免税或不征税，零税率请填 0'],
    ['a quantity that is no number', { ...LINE, qty: '三' }, '数量必须是数字，例如 2 或 0.5'],
    ['a zero quantity', { ...LINE, qty: '0' }, '数量必须大于 0'],
    ['a quantity with 14 decimals', { ...LINE, qty: '0.00000000000001' }, '数量最多 13 位小数'],
    ['a huge quantity', { ...LINE, qty: '100000000000' }, '数量的整数部分不能超过 11 位'],
    ['a long unit', { ...LINE, unit: '单'.repeat(21) }, '单位不能超过 20 个字'],
    ['a long spec', { ...LINE, spec: '规'.repeat(41) }, '规格不能超过 40 个字'],
    ['a short tax code', { ...LINE, taxCode: '304020199' }, '编码应为 19 位数字的税收分类编码'],
    ['a tax code with letters', { ...LINE, taxCode: '304020199000000000A' }, '编码应为 19 位数字的税收分类编码'],
  ])('a single line with %s', (_, line, message) => {
    expect(messagesOf(checkDraft(draftWith({}, line)))).toEqual([message]);
  });

  it('names the field and the line of a line problem', () => {
    const errors = errorsOf(checkDraft(draftWith({}, LINE, { ...LINE, amount: '0' })));
    expect(errors).toEqual([{ field: '金额', key: 'amount', line: 2, message: '第 2 行金额必须大于 0' }]);
  });

  it('refuses a zero rate on a 专票', () => {
    const errors = errorsOf(checkDraft(draftWith({ type: '专票' }, LINE, { ...LINE, rate: '0' })));
    expect(errors).toEqual([{ field: '税率', key: 'rate', line: 2, message: '第 2 行税率为 0 时不能开专票' }]);
  });

  it('needs at least one line', () => {
    expect(errorsOf(checkDraft({ ...DRAFT, lines: [] }))).toEqual([
      { field: '项目', key: 'item', message: '至少要有一个项目，例如 项目=技术服务费 金额=1060 税率=6%' },
    ]);
  });

  it('takes at most 100 lines, and says only that when there are more', () => {
    const many = Array.from({ length: 101 }, () => ({ ...LINE, amount: 'x' }));
    expect(messagesOf(checkDraft(draftWith({}, ...many)))).toEqual(['项目不能超过 100 行，现在是 101 行']);
    expect(checkDraft(draftWith({}, ...many.slice(1).map(() => LINE))).ok).toBe(true);
  });

  it('caps the total at 1 亿 yuan, summed over the lines', () => {
    const half = { ...LINE, amount: '50,000,000.01' };
    expect(errorsOf(checkDraft(draftWith({}, half, LINE, half)))).toEqual([
      { field: '金额', key: 'amount', message: '价税合计不能超过 100,000,000.00 元' },
    ]);
  });

  it('lists every problem at once, header first, then line by line', () => {
    const check = checkDraft({
      type: '专票',
      buyer: '',
      email: 'x@',
      remark: '备'.repeat(201),
      lines: [
        { item: '', amount: '-1', rate: '7%', qty: 'a', taxCode: '123' },
        { item: '咨询费', amount: '1.001', rate: '0' },
        LINE,
      ],
    });
    expect(messagesOf(check)).toEqual([
      '购方不能为空',
      '专票必须填写购方税号',
      '邮箱格式不正确',
      '备注不能超过 200 个字',
      '第 1 行项目名称不能为空',
      '第 1 行金额必须大于 0',
      '第 1 行税率只能是 0%、0.5%、1%、1.5%、3%、5%、6%、9%、10%、11%、13%、16%、17%',
      '第 1 行数量必须是数字，例如 2 或 0.5',
      '第 1 行编码应为 19 位数字的税收分类编码',
      '第 2 行金额最多两位小数',
      '第 2 行税率为 0 时不能开专票',
    ]);
    expect(errorsOf(check).map((problem) => [problem.field, problem.line])).toEqual([
      ['购方', undefined],
      ['税号', undefined],
      ['邮箱', undefined],
      ['备注', undefined],
      ['项目', 1],
      ['金额', 1],
      ['税率', 1],
      ['数量', 1],
      ['编码', 1],
      ['金额', 2],
      ['税率', 2],
    ]);
  });

  it('takes other limits from the options', () => {
    const check = checkDraft(draftWith({ remark: '备注五个字' }, LINE, LINE), {
      limits: { maxLines: 1, maxRemarkLength: 4 },
    });
    expect(messagesOf(check)).toEqual(['备注不能超过 4 个字', '项目不能超过 1 行，现在是 2 行']);
    const capped = checkDraft(draftWith({}), { limits: { maxGrossFen: 100000 } });
    expect(messagesOf(capped)).toEqual(['价税合计不能超过 1,000.00 元']);
  });
});

describe('checkDraft: free text is normalised and never carries control or bidi characters', () => {
  it.each<[string, Partial<RawDraft>, string]>([
    ['a BEL buyer', { buyer: '\u0007' }, '购方名称不能包含控制字符或文字方向控制符'],
    ['a U+200F buyer', { buyer: '\u200F' }, '购方名称不能包含控制字符或文字方向控制符'],
    ['an RTL-override buyer', { buyer: '\u202E司公限有技科试测州杭' }, '购方名称不能包含控制字符或文字方向控制符'],
    ['a remark with ESC', { remark: '十月\u001b服务' }, '备注不能包含控制字符或文字方向控制符'],
    ['an email with a bidi mark', { email: 'a\u200E@example.com' }, '邮箱不能包含控制字符或文字方向控制符'],
    ['a buyer of zero-width characters', { buyer: '\u200B\u200D' }, '购方不能为空'],
  ])('refuses %s, naming the field', (_name, changes, message) => {
    expect(messagesOf(checkDraft(draftWith(changes)))).toEqual([message]);
  });

  it.each<[string, RawLine, string]>([
    ['item', { ...LINE, item: '服务\u0007费' }, '第 2 行项目名称不能包含控制字符或文字方向控制符'],
    ['unit', { ...LINE, unit: '\u202E次' }, '第 2 行单位不能包含控制字符或文字方向控制符'],
    ['spec', { ...LINE, spec: 'A\u2066型' }, '第 2 行规格不能包含控制字符或文字方向控制符'],
  ])('refuses a control character in the %s of a line', (_name, line, message) => {
    expect(messagesOf(checkDraft(draftWith({}, LINE, line)))).toEqual([message]);
  });

  it('gives the provider NFKC-normalised names with the registered full-width brackets kept', () => {
    const { draft } = okDraft(
      checkDraft(draftWith({ buyer: 'ＡＢＣ（集团）有限公司', remark: ' 十月\u3000服务 ' }, { ...LINE, item: 'ﬁ 服务\u200B费', unit: '㎏' })),
    );
    expect(draft.buyer.name).toBe('ABC（集团）有限公司');
    expect(draft.remark).toBe('十月 服务');
    expect(draft.lines[0]).toMatchObject({ name: 'fi 服务费', unit: 'kg' });
  });
});
