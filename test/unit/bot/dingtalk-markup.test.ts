import { describe, expect, it } from 'vitest';
import { dtmdLink, MAX_MSG_PARAM_BYTES, renderDingTalkCard } from '../../../src/bot/dingtalk/card-renderer.js';
import { stripMentions } from '../../../src/bot/dingtalk/inbound-mapping.js';
import { renderCardParams } from '../../../src/bot/dingtalk/interactive-card.js';
import { escapeDingTalkMarkdown, renderDingTalkMarkdown } from '../../../src/bot/dingtalk/markdown-text.js';
import type { Card } from '../../../src/bot/platform.js';
import { decodeReferences, readMarkdownCard } from '../../fakes/dingtalk/markdown-reading.js';

const HOSTILE = '杭州[测试](http://evil.example) **粗体** <font color=red>红</font> @所有人 # 标题\n1. 列表 > 引用 `代码` ![图](x.png) https://evil.example/a_b';

describe('DingTalk markdown: user text is shown, never read', () => {
  it('escapes everything that would make a link, a mention, a tag or formatting, and shows the text unchanged', () => {
    const escaped = escapeDingTalkMarkdown(HOSTILE);
    // Outside the character references themselves, nothing markdown could read is left.
    expect(escaped.replace(/&#\d+;/gu, '')).not.toMatch(/[[\]()<>*`@#!_&]|https?:\/\//u);
    expect(escaped).not.toMatch(/^\s*\d+\./mu);
    expect(decodeReferences(escaped).replaceAll('  \n', '\n')).toBe(HOSTILE);
  });

  it('keeps the bot\'s own http links and drops any other scheme', () => {
    const text = renderDingTalkMarkdown([{ link: 'https://dl.example/inv(1).pdf', text: '下载[发票]' }, ' ', { link: 'javascript:alert(1)', text: '坏链接' }]);
    const card = readMarkdownCard({ title: 't', text });
    expect(card.links).toEqual([{ label: '下载[发票]', url: 'https://dl.example/inv%281%29.pdf' }]);
    expect(card.text).toContain('坏链接');
  });

  it('encodes a dtmd link so that markdown cannot end it early', () => {
    const link = dtmdLink("@开票助手 改用税务 App (电子税务局)! #K7Q2MX");
    expect(link).toMatch(/^dtmd:\/\/dingtalkclient\/sendMessage\?content=[^()\s!']+$/u);
    expect(decodeURIComponent(link.split('content=')[1]!)).toBe("@开票助手 改用税务 App (电子税务局)! #K7Q2MX");
  });

  it('drops the mentions before a command and keeps its line breaks', () => {
    expect(stripMentions(' @开票助手 @张三  开票 购方=甲\n项目=乙 ')).toBe('开票 购方=甲\n项目=乙');
    expect(stripMentions(' 确认开具 #K7Q2MX')).toBe('确认开具 #K7Q2MX');
  });
});

describe('DingTalk cards', () => {
  const tokens: Array<Record<string, string>> = [];
  const mint = async (value: Record<string, string>) => {
    tokens.push(value);
    return `TOKEN${tokens.length}`.slice(-6).replace(/[01]/gu, '2');
  };

  const card: Card = {
    title: '开票预览 [草稿]',
    state: 'info',
    fields: [{ label: '购方', value: '**甲**公司 @所有人' }],
    body: ['合计 ', { strong: '¥1,060.00' }],
    buttons: [
      { text: '确认开具', value: { op: 'issue_confirm', job: 'j1' }, style: 'primary' },
      { text: '取消', value: { op: 'issue_cancel', job: 'j1' }, confirm: '取消后需要重新发起' },
    ],
    note: '单号 j1',
  };

  it('renders buttons as links that send the button text with a fresh token, mentioning the bot in a group', async () => {
    tokens.length = 0;
    const rendered = await renderDingTalkCard(card, { mint, mention: '开票助手' });
    const read = readMarkdownCard(rendered);
    expect(rendered.title).toBe('开票预览 [草稿]');
    expect(read.heading).toBe('开票预览 [草稿]');
    expect(read.state).toBe('info');
    expect(read.text).toContain('购方：**甲**公司 @所有人');
    expect(read.buttons.map((button) => button.label)).toEqual(['确认开具', '取消']);
    expect(read.buttons[0]!.content).toMatch(/^@开票助手 确认开具 #\w{6}$/u);
    expect(tokens).toEqual([card.buttons![0]!.value, card.buttons![1]!.value]);
    expect(read.text).toContain('取消后需要重新发起');
    expect(read.links.every((link) => link.url.startsWith('dtmd://'))).toBe(true);
  });

  it('renders a one-to-one card without the mention, and a form as a template to copy', async () => {
    const form: Card = {
      title: '开票',
      state: 'info',
      form: { name: 'f', inputs: [], submit: { text: '预览', value: { op: 'x' } }, template: '开票 购方= 税号=\n项目= 金额= 税率=' },
    };
    const read = readMarkdownCard(await renderDingTalkCard(form, { mint }));
    expect(read.buttons).toEqual([]);
    expect(read.text).toContain('开票 购方= 税号=\n项目= 金额= 税率=');
    expect(read.text).not.toContain('@');
    expect(JSON.parse(renderCardParams(form).buttons)).toEqual([]);
    expect(decodeReferences(renderCardParams(form).markdown)).toContain('开票 购方= 税号=');
  });

  it("shows a form without a typed template (同意 / 驳回) by its buttons, on markdown and on interactive cards", async () => {
    tokens.length = 0;
    const approval: Card = {
      title: '开票审批 · 待审批',
      state: 'pending',
      buttons: [{ text: '查看', value: { op: 'view' } }],
      form: {
        name: 'approval_form',
        inputs: [{ name: 'reason', label: '驳回理由', placeholder: '可不填' }],
        submit: { text: '同意', style: 'primary', value: { op: 'approve', job: 'j1' } },
        extraButtons: [{ text: '驳回', style: 'danger', value: { op: 'reject', job: 'j1' } }],
      },
    };
    const read = readMarkdownCard(await renderDingTalkCard(approval, { mint, mention: '开票助手' }));
    expect(read.buttons.map((button) => button.label)).toEqual(['查看', '同意', '驳回']);
    expect(tokens).toEqual([{ op: 'view' }, { op: 'approve', job: 'j1' }, { op: 'reject', job: 'j1' }]);
    // A markdown card's reason is typed with the token; an interactive card's template has no input for it.
    expect(read.text).toContain('要填「驳回理由」（可不填）');
    expect(read.text).not.toContain('复制下面的内容');
    const params = renderCardParams(approval, { mention: '开票助手' });
    expect(JSON.parse(params.buttons)).toEqual([
      { text: '查看', style: 'default', action: '{"op":"view"}' },
      { text: '同意', style: 'primary', action: '{"op":"approve","job":"j1"}' },
      { text: '驳回', style: 'danger', action: '{"op":"reject","job":"j1"}' },
    ]);
    expect(params.markdown).not.toContain('驳回理由');
  });

  it('renders the buttons of a form without a template, whose tokens take what is typed as the one input', async () => {
    const minted: Array<{ value: Record<string, string>; typed?: { label: string; input: string } }> = [];
    const approval: Card = {
      title: '开票审批 · 待审批',
      state: 'pending',
      form: {
        name: 'approval_form',
        inputs: [{ name: 'reason', label: '驳回理由', placeholder: '可不填' }],
        submit: { text: '同意', value: { op: 'approve', job: 'j1' } },
        extraButtons: [{ text: '驳回', value: { op: 'reject', job: 'j1' } }],
      },
    };
    const rendered = await renderDingTalkCard(approval, {
      mint: async (value, typed) => {
        minted.push({ value, typed });
        return `TOKEN${minted.length}`.slice(-6).replace(/[01]/gu, '2');
      },
      mention: '开票助手',
    });
    const read = readMarkdownCard(rendered);
    expect(read.buttons.map((button) => button.label)).toEqual(['同意', '驳回']);
    expect(minted).toEqual([
      { value: { op: 'approve', job: 'j1' }, typed: { label: '同意', input: 'reason' } },
      { value: { op: 'reject', job: 'j1' }, typed: { label: '驳回', input: 'reason' } },
    ]);
    expect(read.text).toContain('要填「驳回理由」（可不填）：@开票助手 发送「按钮名 驳回理由 #口令」。');
  });

  it('cuts a body too long for the send API at a line, and keeps the buttons and the note', async () => {
    const rows = Array.from({ length: 400 }, (_, index) => `${index + 1}. <购方> & "名称" · ¥1,000.00\n`).join('');
    const long: Card = { title: '发票查询', state: 'info', body: [rows], buttons: [{ text: '下一页', value: { op: 'p' } }], note: '第 1/20 页' };
    const rendered = await renderDingTalkCard(long, { mint });
    expect(Buffer.byteLength(JSON.stringify(rendered))).toBeLessThanOrEqual(MAX_MSG_PARAM_BYTES);
    const read = readMarkdownCard(rendered);
    expect(read.text).toContain('……（内容过长，其余未显示）');
    expect(read.buttons.map((button) => button.label)).toEqual(['下一页']);
    expect(read.text).toContain('第 1/20 页');
  });
});
