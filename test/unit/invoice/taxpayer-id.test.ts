import { describe, expect, it } from 'vitest';
import {
  checkTaxpayerId,
  normalizeTaxpayerId,
  usccCheckCharacter,
} from '../../../src/invoice/taxpayer-id.js';

describe('usccCheckCharacter', () => {
  it.each([
    ['91110000600037341', 'L'], // the test vector in providers.md
    ['91330106MA2KXN4X3', 'X'], // the example in contract.md: its check character is right
    ['91440300708461136', 'T'],
    ['91110108551385082', 'Q'],
    ['91310000MA1FL5LX3', 'K'],
    ['91110000100001784', 'D'],
    ['00000000000000000', '0'], // Σ = 0: (31 − 0) mod 31 = 0, not an index past the alphabet
  ])('%s → %s', (first17, check) => {
    expect(usccCheckCharacter(first17)).toBe(check);
  });

  it('refuses characters outside the alphabet and a wrong length', () => {
    expect(() => usccCheckCharacter('9111000060003734I')).toThrow(RangeError);
    expect(() => usccCheckCharacter('9111000060003734')).toThrow(RangeError);
  });
});

describe('checkTaxpayerId', () => {
  it.each([['91110000600037341L'], ['91330106MA2KXN4X3X'], ['91440300708461136T']])(
    'accepts the unified social credit code %s',
    (code) => {
      expect(checkTaxpayerId(code)).toEqual({ status: 'valid', taxId: code, kind: 'uscc' });
    },
  );

  it('normalises spaces, case and full-width characters before checking', () => {
    expect(normalizeTaxpayerId(' 9133 0106ma2kxn4x3x\u3000')).toBe('91330106MA2KXN4X3X');
    expect(checkTaxpayerId('９１３３０１０６ｍａ２ｋｘｎ４ｘ３ｘ')).toEqual({
      status: 'valid',
      taxId: '91330106MA2KXN4X3X',
      kind: 'uscc',
    });
  });

  it('reports a wrong check character as a mismatch with the expected one', () => {
    expect(checkTaxpayerId('91330106MA2KXN4X3A')).toEqual({
      status: 'checksum_mismatch',
      taxId: '91330106MA2KXN4X3A',
      expected: 'X',
      rule: '校验位不正确(应为 X)',
    });
    expect(checkTaxpayerId('911100006000373410')).toMatchObject({ status: 'checksum_mismatch', expected: 'L' });
  });

  it('catches a single mistyped character in the body', () => {
    expect(checkTaxpayerId('91110000600037351L')).toMatchObject({ status: 'checksum_mismatch' });
  });

  it.each([['330106500012345'], ['11010119900307123'], ['11010119900307123X01'], ['330106ab0012345']])(
    'accepts the 15/17/20-character number %s as it is, uppercased',
    (number) => {
      expect(checkTaxpayerId(number)).toEqual({ status: 'valid', taxId: number.toUpperCase(), kind: 'other' });
    },
  );

  it.each([
    ['', '不能为空'],
    ['9133-0106MA2KXN4X3X', '只能包含字母和数字'],
    ['杭州测试', '只能包含字母和数字'],
    ['9133010', '应为 15、17、18 或 20 位字母和数字，现在是 7 位'],
    ['91330106MA2KXN4X3XX', '应为 15、17、18 或 20 位字母和数字，现在是 19 位'],
    ['91330106MA2KXN4I3O', '含有统一社会信用代码不使用的字母 I、O'],
    ['91330106MA2KZS4V3X', '含有统一社会信用代码不使用的字母 Z、S、V'],
  ])('rejects %j: 税号%s', (input, rule) => {
    expect(checkTaxpayerId(input)).toMatchObject({ status: 'malformed', rule });
  });
});
