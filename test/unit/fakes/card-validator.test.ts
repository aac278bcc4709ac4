import { describe, expect, it } from 'vitest';
import { renderFeishuCard } from '../../../src/bot/feishu/card-renderer.js';
import { buildIssueForm } from '../../../src/commands/issue-form.js';
import { declaresUpdateMulti, validateCard } from '../../fakes/feishu/card-validator.js';

/** A card the way our renderer builds it, with every kind of element it emits. */
function renderedCard(): any {
  return renderFeishuCard(
    {
      title: '开票预览',
      state: 'pending',
      fields: [{ label: '购方', value: '杭州测试' }],
      body: [{ strong: '合计' }, ' 100'],
      image: { png: Buffer.alloc(1), alt: '二维码' },
      buttons: [{ text: '确认开具', value: { op: 'confirm' }, style: 'primary', confirm: '开出后不能撤回' }],
      note: '备注',
    },
    { imageKey: 'img_v3_1' },
  );
}

const withElements = (elements: unknown[]): any => ({ schema: '2.0', config: { update_multi: true }, body: { elements } });

describe('the fake platform checks card JSON 2.0 like Feishu', () => {
  it('accepts every card our renderer builds, the 开票 form included', () => {
    expect(validateCard(renderedCard())).toBeUndefined();
    expect(validateCard(renderFeishuCard(buildIssueForm({ lineCount: 10 })))).toBeUndefined();
  });

  it('refuses an unknown property with 230099, naming it and where it is', () => {
    const card = renderedCard();
    card.body.elements[0].colour = 'red';
    expect(validateCard(card)).toEqual({
      code: 230099,
      msg: expect.stringMatching(/body\.elements\[0\] \(markdown\): unknown property colour/),
    });
  });

  it('refuses tags JSON 2.0 does not have (the 1.0 action and note modules)', () => {
    expect(validateCard(withElements([{ tag: 'note', elements: [] }]))?.msg).toMatch(/unknown component tag "note"/);
    expect(validateCard(withElements([{ tag: 'action', actions: [] }]))?.code).toBe(230099);
  });

  it('refuses bad shapes: a text that is a string, an unknown button type, a callback without a value object', () => {
    const button = (extra: Record<string, unknown>) => ({ tag: 'button', text: { tag: 'plain_text', content: '好' }, ...extra });
    expect(validateCard(withElements([{ ...button({}), text: '好' }]))?.msg).toMatch(/text: must be an object/);
    expect(validateCard(withElements([button({ type: 'huge' })]))?.msg).toMatch(/unknown button type/);
    expect(validateCard(withElements([button({ behaviors: [{ type: 'callback', value: 'x' }] })]))?.msg).toMatch(/value/);
  });

  it('keeps forms at the root, inputs and submit buttons inside forms, and names unique', () => {
    const input = { tag: 'input', name: 'a', label: { tag: 'plain_text', content: 'A' } };
    const form = (elements: unknown[], name = 'f') => ({ tag: 'form', name, elements });
    expect(validateCard(withElements([input]))?.msg).toMatch(/input is used outside a form/);
    expect(validateCard(withElements([form([form([], 'inner')])]))?.msg).toMatch(/only sit at the root/);
    expect(validateCard(withElements([form([input, { ...input }])]))?.msg).toMatch(/"a" is used twice/);
    const submit = { tag: 'button', text: { tag: 'plain_text', content: '交' }, form_action_type: 'submit' };
    expect(validateCard(withElements([submit]))?.msg).toMatch(/only inside a form/);
    expect(validateCard(withElements([form([input, { ...submit, name: 'go' }])]))).toBeUndefined();
  });

  it('refuses update_multi false: JSON 2.0 cards are shared cards only', () => {
    expect(validateCard({ ...renderedCard(), config: { update_multi: false } })?.code).toBe(230099);
    expect(declaresUpdateMulti(renderedCard())).toBe(true);
    expect(declaresUpdateMulti({ ...renderedCard(), config: {} })).toBe(false);
  });

  it('refuses more than 200 components', () => {
    const markdown = (n: number) => ({ tag: 'markdown', content: String(n) });
    expect(validateCard(withElements(Array.from({ length: 200 }, (_, n) => markdown(n))))).toBeUndefined();
    expect(validateCard(withElements(Array.from({ length: 201 }, (_, n) => markdown(n))))?.msg).toMatch(/more than 200/);
  });

  it('refuses a card over 30 KB with 230025', () => {
    const big = withElements([{ tag: 'markdown', content: '票'.repeat(11_000) }]);
    expect(validateCard(big)?.code).toBe(230025);
  });
});
