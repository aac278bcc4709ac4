import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { parseQuantity, unitPriceOf } from '../../../src/invoice/quantity.js';

describe('parseQuantity', () => {
  it.each([
    ['3', '3'],
    ['0.5', '0.5'],
    ['2.50', '2.5'],
    ['1,000', '1000'],
    ['０．２５', '0.25'],
    ['0.0000000000001', '0.0000000000001'],
    ['99999999999.9999999999999', '99999999999.9999999999999'],
  ])('reads %j as %s', (input, value) => {
    expect(parseQuantity(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty', '不能为空'],
    ['两个', 'not_a_number', '必须是数字，例如 2 或 0.5'],
    ['1/2', 'not_a_number', '必须是数字，例如 2 或 0.5'],
    ['0', 'not_positive', '必须大于 0'],
    ['0.000', 'not_positive', '必须大于 0'],
    ['-2', 'not_positive', '必须大于 0'],
    ['0.00000000000001', 'too_many_decimals', '最多 13 位小数'],
    ['100000000000', 'too_large', '的整数部分不能超过 11 位'],
  ])('rejects %j as %s', (input, problem, rule) => {
    expect(parseQuantity(input)).toEqual({ ok: false, problem, rule });
  });
});

describe('unitPriceOf', () => {
  it.each([
    [106000, '3', '353.3333333333333'],
    [106000, '2', '530'],
    [200, '3', '0.6666666666667'], // half up at the 13th decimal
    [1, '0.5', '0.02'],
    [10000000000, '7', '14285714.2857142857143'],
  ])('%i fen over %s units → %s per unit', (grossFen, quantity, price) => {
    expect(unitPriceOf(grossFen, quantity)).toBe(price);
  });

  it('keeps quantity × price within half a fen of the amount, up to the largest quantity', () => {
    for (const quantity of ['99999999999', '12345678901.5', '3', '7', '0.3333333333333']) {
      for (const grossFen of [1, 333, 10000000000]) {
        const product = new Decimal(quantity).times(unitPriceOf(grossFen, quantity));
        const error = product.minus(new Decimal(grossFen).div(100)).abs();
        expect(error.lessThanOrEqualTo('0.005'), `${grossFen} fen over ${quantity}`).toBe(true);
      }
    }
  });
});
