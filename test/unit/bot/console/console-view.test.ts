/** The page's rendering logic on a minimal fake DOM: text stays text, only http(s) becomes a link, order and revisions. */
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain browser JavaScript, no types
import { deliveryId, insertionIndex, isNewer, renderCard, renderMessage, renderText, safeHref } from '../../../../src/bot/console/page/console-view.js';

/** Just enough of a document: elements with children, attributes and textContent; no HTML parser anywhere. */
class FakeNode {
  children: FakeNode[] = [];
  attributes: Record<string, string> = {};
  className = '';
  value = '';
  listeners: Record<string, () => void> = {};
  constructor(
    readonly tag: string,
    public textContent = '',
  ) {}
  append(...nodes: FakeNode[]) {
    this.children.push(...nodes);
  }
  setAttribute(name: string, value: string) {
    this.attributes[name] = value;
  }
  addEventListener(type: string, listener: () => void) {
    this.listeners[type] = listener;
  }
  get text(): string {
    return this.textContent + this.children.map((child) => child.text).join('');
  }
  all(tag: string): FakeNode[] {
    return [...(this.tag === tag ? [this] : []), ...this.children.flatMap((child) => child.all(tag))];
  }
}
const doc = { createElement: (tag: string) => new FakeNode(tag), createTextNode: (text: string) => new FakeNode('#text', text) };

describe('the web chat page', () => {
  it('links only http(s) addresses', () => {
    expect(safeHref('https://example.com/a.pdf')).toBe('https://example.com/a.pdf');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('data:text/html,<b>')).toBeUndefined();
    expect(safeHref('/relative')).toBeUndefined();
  });

  it('shows markup in a message as text, and makes the address in it a link', () => {
    const bubble = renderText(doc, new FakeNode('div'), '<img src=x onerror=alert(1)> 下载：http://localhost:3000/a.pdf，好');
    expect(bubble.text).toBe('<img src=x onerror=alert(1)> 下载：http://localhost:3000/a.pdf，好');
    expect(bubble.all('img')).toEqual([]);
    expect(bubble.all('a').map((a: FakeNode) => a.attributes.href)).toEqual(['http://localhost:3000/a.pdf']);
  });

  it('renders a card: fields, spans, a non-http link as plain text, buttons that press with their value', () => {
    const pressed: unknown[] = [];
    const card = renderCard(
      doc,
      {
        title: '<b>开票预览</b>',
        state: 'pending',
        fields: [{ label: '购方', value: '<script>x</script>' }],
        body: ['金额 ', { strong: '¥1,060.00' }, ' ', { link: 'javascript:alert(1)', text: '恶意' }, { link: 'https://a.example/x', text: '下载' }],
        buttons: [{ text: '确认开具', style: 'primary', value: { op: 'confirm', job: 'j1' } }],
        note: '申请人 财务小王',
      },
      (button: { value: unknown }) => pressed.push(button.value),
    );
    expect(card.className).toBe('card state-pending');
    expect(card.text).toContain('<b>开票预览</b>');
    expect(card.text).toContain('<script>x</script>');
    expect(card.all('a').map((a: FakeNode) => a.attributes.href)).toEqual(['https://a.example/x']);
    expect(card.all('script')).toEqual([]);
    card.all('button')[0]!.listeners.click!();
    expect(pressed).toEqual([{ op: 'confirm', job: 'j1' }]);
  });

  it('hands a form button the inputs it holds and the required ones left empty', () => {
    const pressed: unknown[] = [];
    const card = renderCard(
      doc,
      {
        title: '开票',
        state: 'info',
        form: {
          name: 'f',
          inputs: [{ name: 'buyer', label: '购方', required: true }, { name: 'remark', label: '备注', value: '十月' }],
          submit: { text: '预览', value: { op: 'form' } },
        },
      },
      (_button: unknown, _node: unknown, form: unknown) => pressed.push(form),
    );
    card.all('button')[0]!.listeners.click!();
    expect(pressed).toEqual([{ values: { buyer: '', remark: '十月' }, missing: ['购方'] }]);
  });

  it('names who spoke, marks my own lines, and shows the bot as the bot', () => {
    const mine = renderMessage(doc, { id: 'm1', rev: 1, at: 0, from: { id: 'wang', name: '财务小王' }, text: '帮助' }, { me: 'wang', onPress: () => {} });
    expect(mine.className).toBe('message mine');
    expect(mine.text).toContain('财务小王');
    const bot = renderMessage(doc, { id: 'm2', rev: 2, at: 0, text: '好' }, { me: 'wang', onPress: () => {} });
    expect(bot.className).toBe('message');
    expect(bot.text).toContain('发票机器人');
  });

  it('takes only a newer revision of a message, and keeps messages in time order', () => {
    const shown = new Map([['m1', 3]]);
    expect(isNewer(shown, { id: 'm1', rev: 3 })).toBe(false);
    expect(isNewer(shown, { id: 'm1', rev: 4 })).toBe(true);
    expect(isNewer(shown, { id: 'm2', rev: 1 })).toBe(true);
    expect(insertionIndex([10, 20, 30], 25)).toBe(2);
    expect(insertionIndex([10, 20, 30], 30)).toBe(3);
  });

  it('makes delivery ids the server accepts', () => {
    expect(deliveryId()).toMatch(/^[0-9a-f]{32}$/);
  });
});
