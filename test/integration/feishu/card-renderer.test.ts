import { describe, expect, it } from 'vitest';
import { renderFeishuCard } from '../../../src/bot/feishu/card-renderer.js';
import type { Card } from '../../../src/bot/platform.js';
import { cardButtons, cardElements, cardText, findButtonValue } from '../../fakes/feishu/card-reading.js';

const base: Card = { title: '开票预览', state: 'info' };

describe('Feishu card renderer (card JSON 2.0)', () => {
  it('renders the header title in schema 2.0', () => {
    const json = renderFeishuCard(base);
    expect(json.schema).toBe('2.0');
    expect(json.header.title).toEqual({ tag: 'plain_text', content: '开票预览' });
    expect(json.body.elements).toEqual([]);
  });

  it.each([
    ['info', 'blue'],
    ['pending', 'orange'],
    ['success', 'green'],
    ['danger', 'red'],
    ['neutral', 'grey'],
  ] as const)('colours a %s card %s', (state, template) => {
    expect(renderFeishuCard({ ...base, state }).header.template).toBe(template);
  });

  it('renders fields as bold-label markdown lines, escaping what markdown would interpret', () => {
    const json = renderFeishuCard({
      ...base,
      fields: [
        { label: '购方', value: '杭州<测试>&科技*有限公司' },
        { label: '金额', value: '1,060.00' },
      ],
    });
    expect(json.body.elements).toEqual([
      { tag: 'markdown', content: '**购方**：杭州&#60;测试&#62;&#38;科技&#42;有限公司\n**金额**：1,060.00' },
    ]);
    expect(cardText(json)).toContain('购方**：杭州<测试>&科技*有限公司');
  });

  it('renders body text as one markdown element: plain text escaped, bold and bot links as markdown', () => {
    const json = renderFeishuCard({
      ...base,
      body: [{ strong: '合计' }, ' 1,590.00 *x*\n', { link: 'https://example.com/a.pdf', text: '下载' }],
    });
    expect(json.body.elements).toEqual([
      { tag: 'markdown', content: '**合计** 1,590.00 &#42;x&#42;\n[下载](https://example.com/a.pdf)' },
    ]);
  });

  it('renders the image as an img element with the uploaded key', () => {
    const card: Card = { ...base, image: { png: Buffer.from('png'), alt: '人脸认证二维码' } };
    const [image] = renderFeishuCard(card, { imageKey: 'img_v2_abc' }).body.elements;
    expect(image).toMatchObject({ tag: 'img', img_key: 'img_v2_abc', alt: { tag: 'plain_text', content: '人脸认证二维码' } });
  });

  it('shows the alt text when the image was not uploaded', () => {
    const card: Card = { ...base, image: { png: Buffer.from('png'), alt: '二维码' } };
    const elements = renderFeishuCard(card).body.elements;
    expect(elements).toEqual([{ tag: 'markdown', content: '[二维码]' }]);
  });

  it('renders buttons with structured callback values, styles and confirm dialogs', () => {
    const json = renderFeishuCard({
      ...base,
      buttons: [
        { text: '确认开具', value: { op: 'confirm', job: 'job-1' }, style: 'primary', confirm: '开具后不可撤销' },
        { text: '取消', value: { op: 'cancel', job: 'job-1' } },
      ],
    });
    const buttons = cardButtons(json);
    expect(buttons).toEqual([
      { text: '确认开具', value: { op: 'confirm', job: 'job-1' }, type: 'primary', submitsForm: false, confirm: '开具后不可撤销' },
      { text: '取消', value: { op: 'cancel', job: 'job-1' }, type: 'default', submitsForm: false, confirm: undefined },
    ]);
    const [row] = json.body.elements;
    expect(row?.tag).toBe('column_set');
    const button = cardElements(json).find((element) => element.tag === 'button');
    expect(button?.behaviors).toEqual([{ type: 'callback', value: { op: 'confirm', job: 'job-1' } }]);
    expect(findButtonValue(json, '取消')).toEqual({ op: 'cancel', job: 'job-1' });
  });

  it('renders a form with named inputs and submit buttons carrying their values', () => {
    const json = renderFeishuCard({
      ...base,
      form: {
        name: 'draft_form',
        inputs: [
          { name: 'buyer', label: '购方', placeholder: '公司全称', value: '杭州测试', required: true },
          { name: 'amount', label: '金额' },
        ],
        submit: { text: '提交', value: { op: 'submit_form', job: 'j2' }, style: 'primary' },
        extraButtons: [{ text: '加一行', value: { op: 'add_line', job: 'j2' } }],
      },
    });
    const [form] = json.body.elements;
    expect(form).toMatchObject({ tag: 'form', name: 'draft_form' });
    const inputs = cardElements(json).filter((element) => element.tag === 'input');
    expect(inputs).toEqual([
      {
        tag: 'input',
        name: 'buyer',
        label: { tag: 'plain_text', content: '购方' },
        label_position: 'left',
        width: 'fill',
        required: true,
        placeholder: { tag: 'plain_text', content: '公司全称' },
        default_value: '杭州测试',
      },
      {
        tag: 'input',
        name: 'amount',
        label: { tag: 'plain_text', content: '金额' },
        label_position: 'left',
        width: 'fill',
        required: false,
      },
    ]);
    const buttons = cardElements(json).filter((element) => element.tag === 'button');
    expect(buttons.map((button) => [button.name, button.form_action_type])).toEqual([
      ['draft_form_btn_0', 'submit'],
      ['draft_form_btn_1', 'submit'],
    ]);
    expect(findButtonValue(json, '加一行')).toEqual({ op: 'add_line', job: 'j2' });
  });

  it('renders the note as small grey markdown at the bottom', () => {
    const json = renderFeishuCard({ ...base, body: ['正文'], note: '10 分钟内有效 <注意>' });
    expect(json.body.elements.at(-1)).toEqual({
      tag: 'markdown',
      content: "<font color='grey'>10 分钟内有效 &#60;注意&#62;</font>",
      text_size: 'notation',
    });
  });

  it('orders a full card: fields, markdown, image, form, buttons, note', () => {
    const json = renderFeishuCard(
      {
        ...base,
        fields: [{ label: 'a', value: 'b' }],
        body: ['md'],
        image: { png: Buffer.from('x'), alt: 'qr' },
        form: { name: 'f', inputs: [], submit: { text: 'ok', value: { op: 'ok' } } },
        buttons: [{ text: 'b', value: { op: 'b' } }],
        note: 'n',
      },
      { imageKey: 'k' },
    );
    expect(json.body.elements.map((element) => element.tag)).toEqual([
      'markdown',
      'markdown',
      'img',
      'form',
      'column_set',
      'markdown',
    ]);
  });
});
