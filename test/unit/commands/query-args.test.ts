import { describe, expect, it } from 'vitest';
import { MAX_QUERY_DAYS, parseQueryArgs, rangeProblem } from '../../../src/commands/query-args.js';
import { splitCommand, tokenizeArgs } from '../../../src/commands/tokenizer.js';

const TODAY = '2025-10-15';

/** What the router hands the command for `查询 <text>`. */
function argsOf(text: string) {
  const lines = tokenizeArgs(splitCommand(`查询 ${text}`).rest);
  return { positional: lines.flatMap((line) => line.positional), pairs: lines.flatMap((line) => line.pairs) };
}

const parse = (text: string) => parseQueryArgs(argsOf(text), TODAY);

describe('查询 arguments', () => {
  it('defaults to this month so far, and a lone start date to today', () => {
    expect(parse('')).toEqual({ ok: true, range: { from: '2025-10-01', to: TODAY } });
    expect(parse('2025-09-20')).toEqual({ ok: true, range: { from: '2025-09-20', to: TODAY } });
  });

  it('reads the usual ways of writing a day, and of joining two', () => {
    const range = { from: '2025-09-01', to: '2025-09-30' };
    for (const text of [
      '2025-09-01 2025-09-30',
      '2025-9-1 2025-9-30',
      '2025/09/01 2025/09/30',
      '2025.9.1 20250930',
      '2025年9月1日 2025年9月30日',
      '2025-09-01 至 2025-09-30',
      '2025-09-01~2025-09-30',
      '2025-09-01，2025-09-30',
      '２０２５－０９－０１　２０２５－０９－３０',
    ]) {
      expect(parse(text), text).toEqual({ ok: true, range });
    }
  });

  it('names the field and the format of a malformed day', () => {
    expect(parse('10月1日 2025-10-31')).toEqual({
      ok: false,
      problems: ['起始日期格式应为 YYYY-MM-DD，例如 2025-10-01（你写的是 "10月1日"）'],
    });
    expect(parse('2025-10-01 昨天')).toEqual({
      ok: false,
      problems: ['结束日期格式应为 YYYY-MM-DD，例如 2025-10-01（你写的是 "昨天"）'],
    });
    const both = parse('abc def');
    expect(both.ok ? [] : both.problems).toHaveLength(2);
  });

  it('refuses days that are not on the calendar', () => {
    expect(parse('2025-02-29 2025-03-01')).toEqual({ ok: false, problems: ['起始日期 2025-02-29 不是日历上的日期'] });
    expect(parse('2024-02-29 2024-13-01')).toEqual({ ok: false, problems: ['结束日期 2024-13-01 不是日历上的日期'] });
  });

  it('refuses a start after the end, saying when the end is today by default', () => {
    expect(parse('2025-10-31 2025-10-01')).toEqual({ ok: false, problems: ['起始日期 2025-10-31 晚于结束日期 2025-10-01'] });
    expect(parse('2025-12-01')).toEqual({
      ok: false,
      problems: ['起始日期 2025-12-01 晚于结束日期 2025-10-15（没写结束日期时为今天）'],
    });
  });

  it(`allows at most ${MAX_QUERY_DAYS} days, both ends counted`, () => {
    expect(parse('2024-01-01 2024-12-31')).toEqual({ ok: true, range: { from: '2024-01-01', to: '2024-12-31' } });
    expect(parse('2024-01-01 2025-01-01')).toEqual({
      ok: false,
      problems: ['日期范围最长 366 天：2024-01-01 至 2025-01-01 共 367 天，请分段查询'],
    });
  });

  it('refuses a third date and key=value pairs', () => {
    const third = parse('2025-10-01 2025-10-02 2025-10-03');
    expect(third.ok).toBe(false);
    expect(third.ok ? '' : third.problems[0]).toContain('看不懂 "2025-10-03"');
    const pair = parse('起=2025-10-01');
    expect(pair.ok ? '' : pair.problems[0]).toContain('查询最多写两个日期');
  });
});

describe('a range carried back by a paging button', () => {
  it('passes the same rules', () => {
    expect(rangeProblem({ from: '2025-10-01', to: '2025-10-31' })).toBeUndefined();
    expect(rangeProblem({ from: '2025-10-1', to: '2025-10-31' })).toContain('起始日期格式');
    expect(rangeProblem({ from: '2025-10-01', to: '__proto__' })).toContain('结束日期格式');
    expect(rangeProblem({ from: '2025-10-31', to: '2025-10-01' })).toContain('晚于');
    expect(rangeProblem({ from: '2000-01-01', to: '2025-10-01' })).toContain('最长 366 天');
  });
});
