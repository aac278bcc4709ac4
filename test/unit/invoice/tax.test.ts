import { describe, expect, it } from 'vitest';
import { ALLOWED_RATES_PERMILLE } from '../../../src/invoice/rate.js';
import {
  splitTaxInclusive,
  taxOfTaxExclusive,
  taxOfTaxInclusive,
  totalsOf,
} from '../../../src/invoice/tax.js';

describe('taxOfTaxInclusive: se = round2(je / (1 + slv) × slv)', () => {
  it.each([
    // [gross fen, rate permille, tax fen]; expected values worked out with exact fractions.
    [106000, 60, 6000],
    [106000, 130, 12195], // 12194.69…
    [106000, 10, 1050], // 1049.50… (close to a half, still above)
    [106000, 15, 1567],
    [106000, 5, 527],
    [106000, 90, 8752],
    [106000, 30, 3087],
    [1, 60, 0],
    [1, 130, 0],
    [1, 10, 0],
    [10005, 60, 566],
    [10005, 130, 1151],
    [10005, 10, 99],
    [9, 60, 1], // 0.509…: rounds up
    [9, 10, 0],
    [17, 130, 2],
    [53, 60, 3], // exactly 3
    [123456789, 130, 14202993],
    [123456789, 60, 6988120],
    [500, 0, 0],
  ])('%i fen at %i‰ carries %i fen of tax', (grossFen, rate, taxFen) => {
    expect(taxOfTaxInclusive(grossFen, rate)).toBe(taxFen);
    expect(splitTaxInclusive(grossFen, rate)).toEqual({ grossFen, taxFen, netFen: grossFen - taxFen });
  });

  it('rounds a red (negative) amount to the mirror of its blue one', () => {
    expect(taxOfTaxInclusive(-106000, 130)).toBe(-12195);
    expect(taxOfTaxInclusive(-9, 60)).toBe(-1);
    expect(splitTaxInclusive(-106000, 130)).toEqual({ grossFen: -106000, taxFen: -12195, netFen: -93805 });
  });

  it('is the nearest fen to the exact tax for every amount up to 200 yuan at every allowed rate', () => {
    // For every allowed rate, (1000 + r) reduced against r is odd, so the exact tax is never a half fen: the
    // result must be strictly within half a fen of gross × r / (1000 + r). Checked by integer cross-multiplication.
    for (const rate of ALLOWED_RATES_PERMILLE) {
      const denominator = BigInt(1000 + rate);
      for (let grossFen = 0; grossFen <= 20_000; grossFen += 1) {
        const tax = BigInt(taxOfTaxInclusive(grossFen, rate));
        const error = 2n * (tax * denominator - BigInt(grossFen) * BigInt(rate));
        if (error >= denominator || -error >= denominator) {
          throw new Error(`${grossFen} fen at ${rate}‰ gave ${tax} fen`);
        }
      }
    }
  });

  it('refuses fractions of a fen and impossible rates', () => {
    expect(() => taxOfTaxInclusive(10.5, 60)).toThrow(RangeError);
    expect(() => taxOfTaxInclusive(100, 6.5)).toThrow(RangeError);
    expect(() => taxOfTaxInclusive(100, -60)).toThrow(RangeError);
    expect(() => taxOfTaxInclusive(100, 1000)).toThrow(RangeError);
  });
});

describe('taxOfTaxExclusive: se = round2(je × slv)', () => {
  // Half-fen taxes, where float rounding of yuan goes down instead of up.
  it.each([
    [70, 50, 4], // 0.035 yuan
    [250, 90, 23], // 0.225 yuan
  ])('%i fen at %i‰ rounds the half fen up to %i where Math.round on yuan does not', (netFen, rate, taxFen) => {
    const floatTax = Math.round((netFen / 100) * (rate / 1000) * 100);
    expect(floatTax).toBe(taxFen - 1);
    expect(taxOfTaxExclusive(netFen, rate)).toBe(taxFen);
  });

  it.each([
    [25, 60, 2], // 0.015 yuan
    [150, 10, 2], // 0.015 yuan
    [450, 130, 59], // 0.585 yuan
  ])('%i fen at %i‰ rounds the half fen up to %i where toFixed(2) does not', (netFen, rate, taxFen) => {
    const floatTax = Math.round(Number(((netFen / 100) * (rate / 1000)).toFixed(2)) * 100);
    expect(floatTax).toBe(taxFen - 1);
    expect(taxOfTaxExclusive(netFen, rate)).toBe(taxFen);
  });

  it.each([
    [100000, 60, 6000],
    [100000, 130, 13000],
    [10005, 60, 600], // 600.3
    [1, 130, 0],
    [4, 130, 1], // 0.52
    [-70, 50, -4],
  ])('%i fen at %i‰ carries %i fen of tax', (netFen, rate, taxFen) => {
    expect(taxOfTaxExclusive(netFen, rate)).toBe(taxFen);
  });
});

describe('totalsOf', () => {
  it('sums the lines, so totals equal the line sums and jshj = hjje + hjse', () => {
    const lines = [
      splitTaxInclusive(106000, 60),
      splitTaxInclusive(10005, 130),
      splitTaxInclusive(9, 60),
      splitTaxInclusive(106000, 10),
    ];
    const totals = totalsOf(lines);
    expect(totals).toEqual({
      grossFen: 106000 + 10005 + 9 + 106000,
      taxFen: 6000 + 1151 + 1 + 1050,
      netFen: 100000 + 8854 + 8 + 104950,
    });
    expect(totals.grossFen).toBe(totals.netFen + totals.taxFen);
  });

  it('keeps the sum of rounded line taxes, not the tax of the summed amount', () => {
    // Three lines of 0.09 at 6%: each 0.509… → 1 fen; the 0.27 total alone would give 1.528… → 2 fen.
    const lines = [splitTaxInclusive(9, 60), splitTaxInclusive(9, 60), splitTaxInclusive(9, 60)];
    expect(taxOfTaxInclusive(27, 60)).toBe(2);
    expect(totalsOf(lines)).toEqual({ grossFen: 27, taxFen: 3, netFen: 24 });
  });

  it('is zero for no lines and refuses a total beyond safe integers', () => {
    expect(totalsOf([])).toEqual({ grossFen: 0, taxFen: 0, netFen: 0 });
    const huge = { grossFen: Number.MAX_SAFE_INTEGER, taxFen: 0, netFen: Number.MAX_SAFE_INTEGER };
    expect(() => totalsOf([huge, huge])).toThrow(RangeError);
  });
});
