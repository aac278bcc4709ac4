import { describe, expect, it } from 'vitest';
import { parseRefundArgs, type RefundArgs } from '../../../src/commands/refund-args.js';
import { tokenizeArgs } from '../../../src/commands/tokenizer.js';

const BLUE = '25332000000456135731';

function parsed(text: string): RefundArgs {
  const result = parseRefundArgs(tokenizeArgs(text));
  if (!result.ok) throw new Error(`expected ok, got ${result.problems.join('; ')}`);
  return result.args;
}

function problems(text: string): string[] {
  const result = parseRefundArgs(tokenizeArgs(text));
  if (result.ok) throw new Error(`expected problems, got ${JSON.stringify(result.args)}`);
  return result.problems;
}

describe('parseRefundArgs', () => {
  it('reads the contract example: number and reason by name; the whole invoice by default', () => {
    expect(parsed(`${BLUE} 销货退回`)).toEqual({ blueNumber: BLUE, reason: '02', amountFen: undefined, lines: [] });
  });

  it('defaults the reason to 开票有误 and takes codes with or without the leading zero, or 原因=', () => {
    expect(parsed(BLUE).reason).toBe('01');
    expect(parsed(`${BLUE} 04`).reason).toBe('04');
    expect(parsed(`${BLUE} 3`).reason).toBe('03');
    expect(parsed(`${BLUE} 原因=销售折让`).reason).toBe('04');
  });

  it('reads a partial refund by tax-inclusive amount, exactly in fen', () => {
    expect(parsed(`${BLUE} 金额=530`).amountFen).toBe(53_000);
    expect(parsed(`${BLUE} 服务中止 金额=1,060.05`)).toMatchObject({ reason: '03', amountFen: 106_005 });
  });

  it('reads refunds by line, on one line or several', () => {
    expect(parsed(`${BLUE} 项目=1 金额=100 项目=2 金额=50.5`).lines).toEqual([
      { lineNo: 1, grossFen: 10_000 },
      { lineNo: 2, grossFen: 5_050 },
    ]);
    expect(parsed(`${BLUE}\n项目=2 金额=10\n项目=3 金额=20`).lines).toEqual([
      { lineNo: 2, grossFen: 1_000 },
      { lineNo: 3, grossFen: 2_000 },
    ]);
  });

  it('names the field and the rule for every mistake', () => {
    expect(problems('')).toEqual([expect.stringContaining('缺少蓝字发票号码')]);
    expect(problems('2533200000045613573')).toEqual([expect.stringContaining('应为 20 位数字')]);
    expect(problems(`${BLUE} 退款`)).toEqual([expect.stringContaining('原因「退款」无法识别：原因应为 开票有误')]);
    expect(problems(`${BLUE} 销货退回 服务中止`)).toEqual([expect.stringContaining('原因只能写一个')]);
    expect(problems(`${BLUE} 金额=0`)).toEqual(['金额必须大于 0']);
    expect(problems(`${BLUE} 金额=abc`)).toEqual([expect.stringContaining('金额必须是数字')]);
    expect(problems(`${BLUE} 金额=1 金额=2`)).toEqual([expect.stringContaining('金额只能写一个')]);
    expect(problems(`${BLUE} 项目=0 金额=1`)).toEqual([expect.stringContaining('项目应为蓝字发票上的行号')]);
    expect(problems(`${BLUE} 项目=1`)).toEqual([expect.stringContaining('项目=1 缺少金额')]);
    expect(problems(`${BLUE} 项目=1 金额=1 项目=1 金额=2`)).toEqual([expect.stringContaining('项目=1 写了两次')]);
    expect(problems(`${BLUE} 金额=5 项目=1 金额=1`)).toEqual([expect.stringContaining('按行红冲时不要再写总金额')]);
    expect(problems(`${BLUE} 税率=6%`)).toEqual([expect.stringContaining('无法识别「税率=」')]);
  });

  it('echoes typed text only shortened', () => {
    const [problem] = problems(`${'1'.repeat(200)}`);
    expect(problem!.length).toBeLessThan(60);
  });
});
