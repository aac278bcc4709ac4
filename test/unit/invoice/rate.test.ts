import { describe, expect, it } from 'vitest';
import { ALLOWED_RATES_PERMILLE, formatRate, formatRateForWire, parseRate } from '../../../src/invoice/rate.js';

const ALLOWED_LIST = '只能是 0%、0.5%、1%、1.5%、3%、5%、6%、9%、10%、11%、13%、16%、17%';

describe('parseRate', () => {
  it.each([
    ['6%', 60],
    ['6', 60],
    ['0.06', 60],
    ['6.0%', 60],
    ['0.060', 60],
    ['13%', 130],
    ['13', 130],
    ['0.13', 130],
    ['1.5%', 15],
    ['1.5', 15],
    ['0.015', 15],
    ['0.5%', 5],
    ['0.005', 5],
    ['1%', 10],
    ['1', 10],
    ['0.01', 10],
    ['3%', 30],
    ['5%', 50],
    ['9%', 90],
    ['10%', 100],
    ['11%', 110],
    ['16%', 160],
    ['17%', 170],
    ['0', 0],
    ['0%', 0],
    ['0.00', 0],
    [' 6 % ', 60],
    ['６％', 60],
  ])('reads %j as %i permille', (input, permille) => {
    expect(parseRate(input)).toEqual({ ok: true, permille });
  });

  it.each([
    ['7%'],
    ['2%'],
    ['60'],
    ['0.5'],
    ['0.6'],
    ['1.55%'],
    ['0.0155'],
    ['100%'],
  ])('rejects %j with the list of allowed rates', (input) => {
    expect(parseRate(input)).toEqual({ ok: false, problem: 'not_allowed', rule: ALLOWED_LIST });
  });

  it.each([['abc'], ['6%%'], ['%6'], ['-6%'], ['六'], ['6 percent']])('rejects %j as not a number', (input) => {
    expect(parseRate(input)).toEqual({
      ok: false,
      problem: 'not_a_number',
      rule: '格式不正确，应写成 6% 或 0.06',
    });
  });

  it.each([['免税'], ['不征税'], [' 免征 ']])('rejects %j: exemptions need a marker a draft cannot carry', (input) => {
    expect(parseRate(input)).toEqual({
      ok: false,
      problem: 'exempt_unsupported',
      rule: '暂不支持免税或不征税，零税率请填 0',
    });
  });

  it('rejects an empty rate', () => {
    expect(parseRate('')).toEqual({ ok: false, problem: 'empty', rule: '不能为空' });
  });

  it('reads back every allowed rate from its own chat and wire spelling', () => {
    for (const permille of ALLOWED_RATES_PERMILLE) {
      expect(parseRate(formatRate(permille))).toEqual({ ok: true, permille });
      expect(parseRate(formatRateForWire(permille))).toEqual({ ok: true, permille });
    }
  });
});

describe('formatting rates', () => {
  it.each([
    [60, '6%', '0.06'],
    [130, '13%', '0.13'],
    [15, '1.5%', '0.015'],
    [5, '0.5%', '0.005'],
    [100, '10%', '0.1'],
    [0, '0%', '0'],
  ])('%i permille → %s for chat, %s on the wire', (permille, chat, wire) => {
    expect(formatRate(permille)).toBe(chat);
    expect(formatRateForWire(permille)).toBe(wire);
  });
});
