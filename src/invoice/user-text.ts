/**
 * The one gate for free text a person typed into an invoice (buyer name, item names, spec, unit, remark, email):
 * what reaches the bureau and what the chat shows back is normalised the same way, and text that could hide what it
 * says is refused rather than cleaned, so the clerk sees the same name the bureau gets.
 *
 * - NFKC, so look-alike compatibility forms (full-width letters, ligatures, `™`) become the ordinary characters the
 *   bureau's forms hold — except the full-width punctuation Chinese names are registered with (`（集团）`, `，`…),
 *   which the tokenizer keeps on purpose and the bureau's records use.
 * - Runs of whitespace become one space; the ends are trimmed.
 * - C0/C1 control characters (BEL, ESC, line breaks…) and the bidi controls (U+202A–U+202E, U+2066–U+2069,
 *   U+200E/U+200F, U+061C) are refused: an RTL override makes `司公限有` read as `有限公司` on screen.
 * - Invisible characters (zero-width, fillers, soft hyphen) are taken away; text with nothing left is blank.
 */

/** Full-width punctuation kept as typed (the same set the tokenizer keeps): NFKC would turn `（` into `(`. */
const KEPT_PUNCTUATION = /([（），；：！？])/u;

const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Characters that draw nothing: zero-width ones, fillers, the soft hyphen, the blank braille pattern. */
const INVISIBLE = /[\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200D\u2060-\u2064\u2800\u3164\uFEFF\uFFA0]/gu;

export type UserTextCheck =
  | { ok: true; text: string }
  /** `blank`: nothing visible; `control`: a control or bidi character. */
  | { ok: false; problem: 'blank' | 'control' };

/** NFKC outside the kept full-width punctuation; see the file comment. */
export function nfkcKeepingPunctuation(text: string): string {
  return text
    .split(KEPT_PUNCTUATION)
    .map((part, index) => (index % 2 === 1 ? part : part.normalize('NFKC')))
    .join('');
}

/** Normalises one free-text value, or says why it cannot be used. Tabs count as spaces; invisible characters go. */
export function checkUserText(value: string): UserTextCheck {
  const normalized = nfkcKeepingPunctuation(value).replace(/\t/gu, ' ');
  if (CONTROL.test(normalized) || BIDI_CONTROL.test(normalized)) return { ok: false, problem: 'control' };
  const text = normalized.replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
  return text === '' ? { ok: false, problem: 'blank' } : { ok: true, text };
}

/** The rule a refused value broke, as the end of a sentence that starts with the field's name. */
export const CONTROL_RULE = '不能包含控制字符或文字方向控制符';
