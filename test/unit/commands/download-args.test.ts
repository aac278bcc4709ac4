import { describe, expect, it } from 'vitest';
import { parseDownloadArgs } from '../../../src/commands/download-args.js';
import { splitCommand, tokenizeArgs } from '../../../src/commands/tokenizer.js';

function parse(text: string) {
  const lines = tokenizeArgs(splitCommand(`下载 ${text}`).rest);
  return parseDownloadArgs({ positional: lines.flatMap((line) => line.positional), pairs: lines.flatMap((line) => line.pairs) });
}

const NUMBER = '25332000000456135731';

describe('下载 arguments', () => {
  it('takes one 20-digit number, also typed full-width or grouped with spaces', () => {
    expect(parse(NUMBER)).toEqual({ ok: true, number: NUMBER });
    const fullWidth = [...NUMBER].map((digit) => String.fromCodePoint(digit.codePointAt(0)! + 0xfee0)).join('');
    expect(parse(fullWidth)).toEqual({ ok: true, number: NUMBER });
    expect(parse('2533 2000 0004 5613 5731')).toEqual({ ok: true, number: NUMBER });
  });

  it('asks for the number when there is none', () => {
    expect(parse('')).toEqual({ ok: false, problem: '请写发票号码，例如 下载 25332000000456135731' });
  });

  it('names the rule for a number of the wrong length or with other characters', () => {
    expect(parse('2533200000045613573')).toEqual({
      ok: false,
      problem: '发票号码应为 20 位数字，"2533200000045613573" 是 19 位',
    });
    expect(parse('2533200000045613573X')).toEqual({
      ok: false,
      problem: '发票号码应为 20 位数字（你写的是 "2533200000045613573X"）',
    });
  });

  it('refuses more than one number, and key=value pairs', () => {
    for (const typed of [`${NUMBER} 销货退回`, `${NUMBER} ${NUMBER}`]) {
      const two = parse(typed);
      expect(two.ok ? '' : two.problem).toContain('下载一次写一个发票号码');
    }
    const pair = parse(`号码=${NUMBER}`);
    expect(pair.ok ? '' : pair.problem).toContain('下载一次写一个发票号码');
  });
});
