import { describe, expect, it } from 'vitest';
import { normalizeText, splitCommand, tokenizeArgs, type ArgLine } from '../../../src/commands/tokenizer.js';

/** The pairs of each line as `{key: value}` objects, for compact expectations. */
function pairsOf(lines: ArgLine[]): Record<string, string>[] {
  return lines.map((line) => Object.fromEntries(line.pairs.map((pair) => [pair.key, pair.value])));
}

describe('normalizeText', () => {
  it('folds full-width letters, digits, ＝ and ％ to ASCII', () => {
    expect(normalizeText('ＡＢｃ１２３＝６％')).toBe('ABc123=6%');
  });

  it('keeps the full-width punctuation Chinese names and prose use', () => {
    expect(normalizeText('杭州某某（集团）有限公司，好！')).toBe('杭州某某（集团）有限公司，好！');
  });

  it('turns ideographic spaces, NBSP and tabs into plain spaces and drops zero-width characters', () => {
    expect(normalizeText('开票\u3000购方=甲\u00A0乙\t丙\u200B')).toBe('开票 购方=甲 乙 丙');
  });

  it('turns CRLF and CR into LF and trims every line', () => {
    expect(normalizeText('  第一行 \r\n 第二行\r第三行  ')).toBe('第一行\n第二行\n第三行');
  });
});

describe('splitCommand', () => {
  it('takes an optional leading slash, full-width or not', () => {
    expect(splitCommand('/开票 购方=甲')).toEqual({ name: '开票', word: '开票', rest: '购方=甲' });
    expect(splitCommand('／Help')).toEqual({ name: 'help', word: 'Help', rest: '' });
  });

  it('keeps the lines of the arguments', () => {
    expect(splitCommand('开票 购方=甲\r\n项目=乙').rest).toBe('购方=甲\n项目=乙');
  });

  it('drops trailing question marks from the command word', () => {
    expect(splitCommand('帮助？').name).toBe('帮助');
  });

  it('gives an empty name for an empty message', () => {
    expect(splitCommand(' \u3000 ').name).toBe('');
  });
});

describe('tokenizeArgs', () => {
  it('reads positional words', () => {
    const [line] = tokenizeArgs('2025-10-01 2025-10-31');
    expect(line?.positional).toEqual(['2025-10-01', '2025-10-31']);
    expect(line?.pairs).toEqual([]);
  });

  it('groups quoted positional words and drops the quotes', () => {
    const [line] = tokenizeArgs('25332000000456135731 “销货 退回”');
    expect(line?.positional).toEqual(['25332000000456135731', '销货 退回']);
  });

  it('reads full-width ＝, ％ and digits', () => {
    expect(pairsOf(tokenizeArgs('金额＝１０６０ 税率＝６％'))).toEqual([{ 金额: '1060', 税率: '6%' }]);
  });

  it('accepts ： and : as = for keys it knows, with spaces around', () => {
    const isKey = (key: string) => ['购方', '税号'].includes(key);
    expect(pairsOf(tokenizeArgs('购方：杭州测试 税号 : 9133', { isKey }))).toEqual([{ 购方: '杭州测试', 税号: '9133' }]);
  });

  it('leaves a colon inside a value alone when the word before it is not a key', () => {
    const isKey = (key: string) => key === '备注';
    expect(pairsOf(tokenizeArgs('备注=联系人：张三 10:30 到', { isKey }))).toEqual([{ 备注: '联系人：张三 10:30 到' }]);
  });

  it('by default takes a colon after a word of letters as a key and never after digits', () => {
    expect(pairsOf(tokenizeArgs('原因：退货 时间=10:30'))).toEqual([{ 原因: '退货', 时间: '10:30' }]);
  });

  it('runs an unquoted value to the next key, collapsing spaces', () => {
    expect(pairsOf(tokenizeArgs('购方=杭州 测试\u3000 有限公司 税号=9133'))).toEqual([
      { 购方: '杭州 测试 有限公司', 税号: '9133' },
    ]);
  });

  it('reports the words after the first space of a value apart, but not spaces inside quotes', () => {
    const [line] = tokenizeArgs('购方=杭州测试 随便 写点, 税号=9133 项目="技术 服务" 规格="M8" x20 单位=个');
    expect(line?.pairs.map((pair) => [pair.key, pair.trailing])).toEqual([
      ['购方', '随便 写点'],
      ['税号', undefined],
      ['项目', undefined],
      ['规格', 'x20'],
      ['单位', undefined],
    ]);
  });

  it('reads quoted values in all the quote styles phones type', () => {
    const lines = tokenizeArgs('a="x  y" b=“甲 乙” c=「丙 丁」 d=『戊』 e=＂full＂');
    expect(pairsOf(lines)).toEqual([{ a: 'x  y', b: '甲 乙', c: '丙 丁', d: '戊', e: 'full' }]);
  });

  it('opens a quoted value after a space and joins text glued to its closing quote', () => {
    expect(pairsOf(tokenizeArgs('购方= "杭州 测试"有限公司 税号=1'))).toEqual([{ 购方: '杭州 测试有限公司', 税号: '1' }]);
  });

  it('lets a quoted value contain key=value text', () => {
    expect(pairsOf(tokenizeArgs('备注="金额=1 税率=6%" 项目=x'))).toEqual([{ 备注: '金额=1 税率=6%', 项目: 'x' }]);
  });

  it('ends an unclosed quote at the end of the line', () => {
    expect(pairsOf(tokenizeArgs('备注="没有结尾\n项目=x'))).toEqual([{ 备注: '没有结尾' }, { 项目: 'x' }]);
  });

  it('treats a comma or semicolon before a key as a separator and keeps other commas', () => {
    expect(pairsOf(tokenizeArgs('购方=甲公司，税号=1;金额=2 备注=十月，含税，'))).toEqual([
      { 购方: '甲公司', 税号: '1', 金额: '2', 备注: '十月，含税' },
    ]);
  });

  it('does not start a key at the beginning of a value', () => {
    expect(pairsOf(tokenizeArgs('备注=a=b'))).toEqual([{ 备注: 'a=b' }]);
  });

  it('reads an empty value when the next key follows after a space', () => {
    expect(pairsOf(tokenizeArgs('税号= 金额=1'))).toEqual([{ 税号: '', 金额: '1' }]);
  });

  it('lower-cases English keys and keeps the key as typed', () => {
    const [line] = tokenizeArgs('Buyer=Acme');
    expect(line?.pairs).toEqual([{ key: 'buyer', rawKey: 'Buyer', value: 'Acme', line: 0 }]);
  });

  it('splits lines, skips blank ones and numbers the rest', () => {
    const lines = tokenizeArgs('项目=a 金额=1\r\n\r\n项目=b 金额=2');
    expect(pairsOf(lines)).toEqual([
      { 项目: 'a', 金额: '1' },
      { 项目: 'b', 金额: '2' },
    ]);
    expect(lines[1]?.pairs[0]?.line).toBe(1);
  });

  it('puts words before the first pair of a line into positional', () => {
    const [line] = tokenizeArgs('杭州测试 金额=1');
    expect(line?.positional).toEqual(['杭州测试']);
    expect(pairsOf([line as ArgLine])).toEqual([{ 金额: '1' }]);
  });
});
