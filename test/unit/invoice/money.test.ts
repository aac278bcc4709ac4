import { describe, expect, it } from 'vitest';
import { formatYuanForChat, formatYuanForWire, parseYuan } from '../../../src/invoice/money.js';

describe('parseYuan', () => {
  it.each([
    ['1060', 106000],
    ['1060.5', 106050],
    ['1060.50', 106050],
    ['1,060.50', 106050],
    ['1,234,567.89', 123456789],
    ['¥1060', 106000],
    ['￥1060', 106000],
    ['1060元', 106000],
    ['¥1,060.5元', 106050],
    [' 1060 ', 106000],
    ['１０６０．５', 106050],
    ['0.01', 1],
    ['0', 0],
    ['007.10', 710],
    ['+5', 500],
  ])('reads %s as %i fen', (input, fen) => {
    expect(parseYuan(input)).toEqual({ ok: true, fen });
  });

  // Each of these loses a fen with Math.floor(parseFloat(x) * 100), the classic float bug.
  it.each([
    ['1.15', 115],
    ['19.99', 1999],
    ['4.35', 435],
    ['8.2', 820],
    ['0.29', 29],
  ])('reads %s exactly where float arithmetic loses a fen', (input, fen) => {
    expect(Math.floor(parseFloat(input) * 100)).toBe(fen - 1);
    expect(parseYuan(input)).toEqual({ ok: true, fen });
  });

  it('reads 100.05 as 10005 fen', () => {
    expect(parseYuan('100.05')).toEqual({ ok: true, fen: 10005 });
  });

  it.each([
    ['', 'empty', '不能为空'],
    ['   ', 'empty', '不能为空'],
    ['abc', 'not_a_number', '必须是数字，例如 1060 或 1,060.50'],
    ['1O60', 'not_a_number', '必须是数字，例如 1060 或 1,060.50'],
    ['1,0600', 'not_a_number', '必须是数字，例如 1060 或 1,060.50'],
    ['1..5', 'not_a_number', '必须是数字，例如 1060 或 1,060.50'],
    ['.5', 'not_a_number', '必须是数字，例如 1060 或 1,060.50'],
    ['5.', 'not_a_number', '必须是数字，例如 1060 或 1,060.50'],
    ['1e3', 'not_a_number', '必须是数字，例如 1060 或 1,060.50'],
    ['+-5', 'not_a_number', '必须是数字，例如 1060 或 1,060.50'],
    ['-5', 'not_positive', '必须大于 0'],
    ['¥-5', 'not_positive', '必须大于 0'],
    ['−5', 'not_positive', '必须大于 0'],
    ['1060.555', 'too_many_decimals', '最多两位小数'],
    ['1060.500', 'too_many_decimals', '最多两位小数'],
    ['99999999999999999', 'too_large', '超出了可以处理的范围'],
    ['90071992547409.92', 'too_large', '超出了可以处理的范围'],
  ])('rejects %j as %s', (input, problem, rule) => {
    expect(parseYuan(input)).toEqual({ ok: false, problem, rule });
  });

  it('accepts the largest safe number of fen', () => {
    expect(parseYuan('90071992547409.91')).toEqual({ ok: true, fen: Number.MAX_SAFE_INTEGER });
  });
});

describe('formatting fen as yuan', () => {
  it.each([
    [106000, '1,060.00', '1060.00'],
    [106050, '1,060.50', '1060.50'],
    [1, '0.01', '0.01'],
    [0, '0.00', '0.00'],
    [99, '0.99', '0.99'],
    [100000, '1,000.00', '1000.00'],
    [99999, '999.99', '999.99'],
    [123456789, '1,234,567.89', '1234567.89'],
    [-106050, '-1,060.50', '-1060.50'],
    [-5, '-0.05', '-0.05'],
  ])('%i fen → chat %s, wire %s', (fen, chat, wire) => {
    expect(formatYuanForChat(fen)).toBe(chat);
    expect(formatYuanForWire(fen)).toBe(wire);
  });

  it('round-trips every parsed amount', () => {
    for (const text of ['0.01', '1060.5', '1,234,567.89', '100.05']) {
      const parsed = parseYuan(text);
      if (!parsed.ok) throw new Error(`${text} should parse`);
      expect(parseYuan(formatYuanForChat(parsed.fen))).toEqual(parsed);
      expect(parseYuan(formatYuanForWire(parsed.fen))).toEqual(parsed);
    }
  });

  it('refuses fractions of a fen and unsafe integers', () => {
    expect(() => formatYuanForChat(1.5)).toThrow(RangeError);
    expect(() => formatYuanForWire(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });
});
