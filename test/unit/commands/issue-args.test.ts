import { describe, expect, it } from 'vitest';
import { parseIssueArgs } from '../../../src/commands/issue-args.js';
import type { DraftProblem, RawDraft } from '../../../src/invoice/raw-draft.js';

function parsed(text: string): RawDraft {
  const result = parseIssueArgs(text);
  if (!result.ok) throw new Error(`expected ok, got ${result.problems.map((problem) => problem.message).join('; ')}`);
  return result.raw;
}

function problemsOf(text: string): DraftProblem[] {
  const result = parseIssueArgs(text);
  if (result.ok) throw new Error(`expected problems, got ${JSON.stringify(result.raw)}`);
  return result.problems;
}

describe('parseIssueArgs', () => {
  it('reads the contract.md example: header and line 1 on the first line, line 2 below', () => {
    const raw = parsed(
      '购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6% 备注=十月服务\n' +
        '项目=咨询费 金额=530 税率=6%',
    );
    expect(raw).toEqual({
      buyer: '杭州测试科技有限公司',
      taxId: '91330106MA2KXN4X3X',
      remark: '十月服务',
      lines: [
        { item: '技术服务费', amount: '1060', rate: '6%' },
        { item: '咨询费', amount: '530', rate: '6%' },
      ],
    });
  });

  it('reads English keys in any case, and every line key', () => {
    const raw = parsed(
      'Buyer="Acme Ltd" TAXID=91330106MA2KXN4X3X type=专票 email=a@b.cn ' +
        'item=Dev amount=100 rate=0.06 qty=2 unit=个 spec=X1 code=3040201000000000000',
    );
    expect(raw).toEqual({
      buyer: 'Acme Ltd',
      taxId: '91330106MA2KXN4X3X',
      type: '专票',
      email: 'a@b.cn',
      lines: [{ item: 'Dev', amount: '100', rate: '0.06', qty: '2', unit: '个', spec: 'X1', taxCode: '3040201000000000000' }],
    });
  });

  it('reads what a phone IME types: full-width digits, ＝, ％ and ：', () => {
    const raw = parsed('购方：杭州测试　项目＝服务 金额＝１０６０ 税率：６％');
    expect(raw).toEqual({ buyer: '杭州测试', lines: [{ item: '服务', amount: '1060', rate: '6%' }] });
  });

  it('accepts synonyms', () => {
    expect(parsed('抬头=甲公司 纳税人识别号=1 品名=乙 含税金额=3')).toEqual({
      buyer: '甲公司',
      taxId: '1',
      lines: [{ item: '乙', amount: '3' }],
    });
  });

  it('lets the first line hold only the header, with the items below', () => {
    expect(parsed('购方=甲\n项目=a 金额=1\n项目=b 金额=2').lines).toEqual([
      { item: 'a', amount: '1' },
      { item: 'b', amount: '2' },
    ]);
  });

  it('starts a new item at each 项目, also on one line', () => {
    expect(parsed('购方=甲 项目=a 金额=1 项目=b 金额=2').lines).toEqual([
      { item: 'a', amount: '1' },
      { item: 'b', amount: '2' },
    ]);
  });

  it('gives line keys written before 项目 to that line’s item', () => {
    expect(parsed('项目=a 金额=1\n金额=2 项目=b').lines).toEqual([
      { item: 'a', amount: '1' },
      { item: 'b', amount: '2' },
    ]);
  });

  it('continues the current item on a wrapped line without 项目, and header keys go to the header anywhere', () => {
    expect(parsed('购方=甲 项目=a\n金额=1 税率=6% 备注=十月')).toEqual({
      buyer: '甲',
      remark: '十月',
      lines: [{ item: 'a', amount: '1', rate: '6%' }],
    });
  });

  it('leaves blank values out of the draft', () => {
    expect(parsed('购方=甲 税号= 项目=a 金额=1')).toEqual({ buyer: '甲', lines: [{ item: 'a', amount: '1' }] });
  });

  it('gives an empty draft for no arguments', () => {
    expect(parsed('')).toEqual({ lines: [] });
  });

  it('names an unknown key and lists the keys it knows, suggesting a close one', () => {
    const [problem, ...others] = problemsOf('购方=甲 金钱=100');
    expect(others).toEqual([]);
    expect(problem?.field).toBe('金钱');
    expect(problem?.key).toBe('amount');
    expect(problem?.message).toBe(
      '不认识的字段 "金钱"（是不是 "金额"？），可用的有：购方、税号、项目、金额、税率、数量、单位、规格、编码、备注、类型、邮箱',
    );
  });

  it('lists English keys when the unknown key is English', () => {
    const [problem] = problemsOf('buyer=x colour=red');
    expect(problem?.message).toBe(
      '不认识的字段 "colour"，可用的有：buyer、taxid、item、amount、rate、qty、unit、spec、code、remark、type、email',
    );
  });

  it('reports a header key given twice', () => {
    expect(problemsOf('购方=甲 项目=a buyer=乙')).toEqual([
      { field: '购方', key: 'buyer', message: '购方写了两次，请只写一个' },
    ]);
  });

  it('reports a line key given twice for the same line, naming the line when there are several', () => {
    expect(problemsOf('项目=a 金额=1 金额=2\n项目=b 金额=3')).toEqual([
      { field: '金额', key: 'amount', line: 1, message: '第 1 行的金额写了两次，请只写一个' },
    ]);
    expect(problemsOf('项目=a 金额=1 金额=2')[0]?.message).toBe('金额写了两次，请只写一个');
  });

  it('counts a blank value as written', () => {
    expect(problemsOf('税号= 税号=1')).toHaveLength(1);
  });

  it('reports words that are not key=value instead of losing them', () => {
    const [problem] = problemsOf('杭州测试 金额=100');
    expect(problem?.field).toBe('杭州测试');
    expect(problem?.message).toContain('看不懂 "杭州测试"');
  });

  it('refuses words after a space in an unquoted name instead of gluing them on, and says how to quote', () => {
    const [problem] = problemsOf('购方=杭州测试科技有限公司 随便写点 税号=91330106MA2KXN4X3X 项目=服务 金额=1 税率=6%');
    expect(problem).toMatchObject({ field: '购方', key: 'buyer' });
    expect(problem?.message).toBe(
      '购方 的值后面多了「随便写点」：值里有空格请用引号括起来，例如 购方="杭州测试科技有限公司 随便写点"；不属于购方的字请删掉',
    );
    const lines = problemsOf('购方=甲\n项目=a 金额=1\nitem=技术 服务 amount=2');
    expect(lines).toEqual([expect.objectContaining({ key: 'item', line: 2, message: expect.stringMatching(/^第 2 行的项目 的值后面多了「服务」.*item="技术 服务"/u) })]);
  });

  it('keeps quoted names with spaces, and spaces in a remark', () => {
    expect(parsed('购方="杭州 测试 有限公司" 项目=「技术 服务」 金额=1 备注=十月 服务 费')).toEqual({
      buyer: '杭州 测试 有限公司',
      remark: '十月 服务 费',
      lines: [{ item: '技术 服务', amount: '1' }],
    });
  });
});
