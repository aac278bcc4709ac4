/** Amounts and rates on the providers' wire: fen ↔ yuan strings and permille → rate, exact, never via binary floats. */
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../src/api/provider.js';
import { fenToYuan, permilleToRate, yuanToFen } from '../../../../src/api/shared/money-wire.js';

describe('money on the wire', () => {
  it('formats fen as 2-decimal yuan strings, including negatives and small amounts', () => {
    expect(fenToYuan(116150)).toBe('1161.50');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(-5000)).toBe('-50.00');
    expect(fenToYuan(-7)).toBe('-0.07');
  });

  it('reads yuan numbers exactly through their decimal string', () => {
    // 0.29 * 100 and 73.26 * 100 are not integers in binary floating point.
    expect(0.29 * 100).not.toBe(29);
    expect(yuanToFen(0.29)).toBe(29);
    expect(yuanToFen(73.26)).toBe(7326);
    expect(yuanToFen(-47.17)).toBe(-4717);
    expect(yuanToFen(74)).toBe(7400);
    expect(yuanToFen('1161.5')).toBe(116150);
    expect(() => yuanToFen('abc')).toThrow(ProviderError);
  });

  it('turns permille into a decimal rate string', () => {
    expect(permilleToRate(60)).toBe('0.06');
    expect(permilleToRate(15)).toBe('0.015');
    expect(permilleToRate(130)).toBe('0.13');
    expect(permilleToRate(0)).toBe('0');
    expect(() => permilleToRate(6.5)).toThrow(ProviderError);
  });
});
