/**
 * 纳税人识别号 checks: the 18-character unified social credit code (GB 32100-2015) with its check character, and
 * the older 15, 17 and 20 character numbers, which carry no check and are accepted as they are.
 */

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 3^i mod 31 for positions 1 … 17. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const OTHER_LENGTHS = [15, 17, 20];

export type TaxpayerIdCheck =
  /** `uscc`: an 18-character code whose check character is right; `other`: a 15/17/20-character number. */
  | { status: 'valid'; taxId: string; kind: 'uscc' | 'other' }
  /**
   * Well-formed code whose check character is not `expected`. Some real early codes are like this, so it is a
   * warning the user confirms, not a reject. `rule` completes `税号` + `校验位不正确(应为 X)`.
   */
  | { status: 'checksum_mismatch'; taxId: string; expected: string; rule: string }
  /** `rule` completes a sentence that starts with the field name: `税号` + `只能包含字母和数字`. */
  | { status: 'malformed'; taxId: string; rule: string };

/** Trims, drops every space (also full-width ones), makes full-width letters and digits ASCII, uppercases. */
export function normalizeTaxpayerId(input: string): string {
  return input.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

/** The check character of a unified social credit code from its first 17 characters (already normalised). */
export function usccCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`need 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = USCC_ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) throw new RangeError(`'${first17.charAt(i)}' is not in the unified social credit alphabet`);
    sum += value * (USCC_WEIGHTS[i] ?? 0);
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** Normalises, then classifies a taxpayer number. */
export function checkTaxpayerId(input: string): TaxpayerIdCheck {
  const taxId = normalizeTaxpayerId(input);
  const malformed = (rule: string): TaxpayerIdCheck => ({ status: 'malformed', taxId, rule });
  if (taxId === '') return malformed('不能为空');
  if (!/^[0-9A-Z]+$/u.test(taxId)) return malformed('只能包含字母和数字');
  if (OTHER_LENGTHS.includes(taxId.length)) return { status: 'valid', taxId, kind: 'other' };
  if (taxId.length !== 18) return malformed(`应为 15、17、18 或 20 位字母和数字，现在是 ${taxId.length} 位`);
  const foreign = [...new Set([...taxId].filter((char) => !USCC_ALPHABET.includes(char)))];
  if (foreign.length > 0) return malformed(`含有统一社会信用代码不使用的字母 ${foreign.join('、')}`);
  const expected = usccCheckCharacter(taxId.slice(0, 17));
  if (taxId.charAt(17) === expected) return { status: 'valid', taxId, kind: 'uscc' };
  return { status: 'checksum_mismatch', taxId, expected, rule: `校验位不正确(应为 ${expected})` };
}
