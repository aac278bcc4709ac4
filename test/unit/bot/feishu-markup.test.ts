import { describe, expect, it } from 'vitest';
import { escapeFeishuMarkdown, renderFeishuMarkdown, safeLinkUrl } from '../../../src/bot/feishu/markdown-text.js';
import { feishuTextContent } from '../../../src/bot/feishu/text-content.js';

/** What a markdown reader shows for numeric character references. */
const decoded = (markdown: string) => markdown.replace(/&#(\d+);/g, (_e, code: string) => String.fromCodePoint(Number(code)));

describe('Feishu card markdown: user text is shown, never read as markup', () => {
  it.each([
    ['a mention of everyone', '<at id=all></at>'],
    ['a markdown link', '[下载发票](https://evil.example/x)'],
    ['a font tag', "<font color='red'>红</font>"],
    ['bold, italics, strikethrough, code', '**a** _b_ ~~c~~ `d`'],
    ['an emoji code', ':OK:'],
    ['a heading and a list', '# 标题\n- 项'],
  ])('escapes %s to numeric references only', (_name, text) => {
    const escaped = escapeFeishuMarkdown(text);
    expect(escaped.replace(/&#\d+;/gu, '')).not.toMatch(/[<>[\]()*_~`:#&]/u);
    expect(escaped).not.toMatch(/&[a-z]+;/u);
    expect(decoded(escaped)).toBe(text);
  });

  it('writes ~ as &#126; (not &sim;, which is ∼ U+223C)', () => {
    expect(escapeFeishuMarkdown('A~B')).toBe('A&#126;B');
  });

  it('leaves CJK, letters, digits and the Chinese punctuation alone', () => {
    expect(escapeFeishuMarkdown('杭州某某（集团）有限公司 ABC 1,060.00')).toBe('杭州某某（集团）有限公司 ABC 1,060.00');
  });

  it('renders spans: plain text escaped, strong as bold, bot links as links', () => {
    expect(renderFeishuMarkdown(['a*', { strong: 'b<' }, { link: 'https://x.example/a b', text: '下[载]' }])).toBe(
      'a&#42;**b&#60;**[下&#91;载&#93;](https://x.example/a%20b)',
    );
  });

  it('shows a link with a non-http address as plain text', () => {
    expect(renderFeishuMarkdown([{ link: 'javascript:alert(1)', text: '点我' }])).toBe('点我');
    expect(safeLinkUrl('')).toBeUndefined();
    expect(safeLinkUrl('https://a.example/(x)')).toBe('https://a.example/%28x%29');
  });
});

describe('Feishu text messages: user text is shown, never read as markup', () => {
  const JOINER = '\u2060';

  it('breaks <at> tags, style tags, markdown links, bold and entities with an invisible word joiner', () => {
    const sent = feishuTextContent('购方：<at id=all></at> <at user_id="all">所有人</at> <b>x</b> [下载发票](https://evil.example) **粗** &lt;');
    expect(sent).not.toMatch(/<[/A-Za-z]/u);
    expect(sent).not.toContain('](');
    expect(sent).not.toContain('**');
    expect(sent).not.toMatch(/&[a-z]+;/u);
    expect(sent.replaceAll(JOINER, '')).toBe(
      '购方：<at id=all></at> <at user_id="all">所有人</at> <b>x</b> [下载发票](https://evil.example) **粗** &lt;',
    );
  });

  it('leaves bot text and bare links untouched', () => {
    const text = '✅ 发票已开具\n下载：http://127.0.0.1:3000/sandbox/__sandbox/download/1.pdf\n金额 <1 亿';
    expect(feishuTextContent(text)).toBe(text);
  });
});
