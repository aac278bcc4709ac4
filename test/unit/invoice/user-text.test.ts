import { describe, expect, it } from 'vitest';
import { checkUserText, nfkcKeepingPunctuation } from '../../../src/invoice/user-text.js';

describe('checkUserText: the one gate for typed free text', () => {
  it('applies NFKC (full-width letters, ligatures) and collapses whitespace', () => {
    expect(checkUserText('  ＡＢＣ\u3000ﬁ  科技   有限公司 ')).toEqual({ ok: true, text: 'ABC fi 科技 有限公司' });
  });

  it('keeps the full-width punctuation Chinese company names are registered with', () => {
    expect(checkUserText('杭州某某（集团）有限公司，分公司；甲：乙！？')).toEqual({
      ok: true,
      text: '杭州某某（集团）有限公司，分公司；甲：乙！？',
    });
    expect(nfkcKeepingPunctuation('（Ａ）')).toBe('（A）');
  });

  it('keeps ~ as ~ and markup characters as typed: escaping is the renderer’s job', () => {
    expect(checkUserText('A~B <at id=all></at> [x](https://e.example)')).toEqual({
      ok: true,
      text: 'A~B <at id=all></at> [x](https://e.example)',
    });
  });

  it.each([
    ['BEL', '杭州\u0007科技'],
    ['only BEL', '\u0007'],
    ['ESC', '\u001b[31m红色'],
    ['a line break', '杭州\n科技'],
    ['DEL', 'a\u007fb'],
    ['a C1 control', 'a\u0085b'],
    ['only U+200F', '\u200F'],
    ['U+200E', 'a\u200Eb'],
    ['an RTL override', '\u202E司公限有技科试测州杭'],
    ['a bidi isolate', '\u2067杭州\u2069'],
    ['the Arabic letter mark', 'a\u061Cb'],
  ])('refuses %s', (_name, value) => {
    expect(checkUserText(value)).toEqual({ ok: false, problem: 'control' });
  });

  it('takes a tab for a space', () => {
    expect(checkUserText('杭州\t科技')).toEqual({ ok: true, text: '杭州 科技' });
  });

  it.each([
    ['empty', ''],
    ['spaces', '   '],
    ['zero-width characters', '\u200B\u200C\u200D\uFEFF'],
    ['a Hangul filler', '\u3164'],
    ['a soft hyphen and a word joiner', '\u00AD\u2060'],
    ['an ideographic space', '\u3000'],
  ])('calls text with nothing visible (%s) blank', (_name, value) => {
    expect(checkUserText(value)).toEqual({ ok: false, problem: 'blank' });
  });

  it('drops invisible characters inside a name', () => {
    expect(checkUserText('杭州\u200B科技\uFEFF')).toEqual({ ok: true, text: '杭州科技' });
  });
});
