import { describe, expect, it } from 'vitest';
import { toActionValue } from '../../../src/bot/action-value.js';
import { messageText, stripMentions, toInboundActionOld, toInboundMessage } from '../../../src/bot/feishu/inbound-mapping.js';

describe('Feishu payload mapping', () => {
  it('strips mention placeholders but keeps the lines of a multi-line command', () => {
    expect(stripMentions('@_user_1 开票 购方=甲 \n项目=咨询费 金额=530')).toBe('开票 购方=甲\n项目=咨询费 金额=530');
    expect(stripMentions('请 @_user_2 审批 @_all')).toBe('请 审批');
    expect(stripMentions('  @_user_1  ')).toBe('');
  });

  it('reads the text of text and post messages and nothing else', () => {
    expect(messageText('text', JSON.stringify({ text: '帮助' }))).toBe('帮助');
    const post = {
      title: '标题',
      content: [
        [
          { tag: 'at', user_id: '@_user_1', user_name: '开票助手' },
          { tag: 'text', text: ' 开票 购方=甲' },
        ],
        [{ tag: 'text', text: '项目=咨询费 ' }, { tag: 'a', text: '链接', href: 'https://x' }],
      ],
    };
    expect(messageText('post', JSON.stringify(post))).toBe(' 开票 购方=甲\n项目=咨询费 链接');
    expect(messageText('post', JSON.stringify({ zh_cn: post }))).toBe(' 开票 购方=甲\n项目=咨询费 链接');
    expect(messageText('image', JSON.stringify({ image_key: 'img' }))).toBeUndefined();
    expect(messageText('text', 'not json')).toBeUndefined();
  });

  it('ignores unsupported message types', () => {
    const mapping = toInboundMessage(
      {
        event_id: 'e',
        sender: { sender_id: { open_id: 'ou_a' }, sender_type: 'user' },
        message: { message_id: 'om', chat_id: 'oc', chat_type: 'group', message_type: 'image', content: '{"image_key":"k"}' },
      },
      'ou_bot',
    );
    expect(mapping).toEqual({ kind: 'ignored', reason: 'unsupported message type image' });
  });

  it('ignores a message from the bot itself even when marked as a user', () => {
    const mapping = toInboundMessage(
      {
        event_id: 'e',
        sender: { sender_id: { open_id: 'ou_bot' }, sender_type: 'user' },
        message: { message_id: 'om', chat_id: 'oc', chat_type: 'group', message_type: 'text', content: '{"text":"x"}' },
      },
      'ou_bot',
    );
    expect(mapping.kind).toBe('ignored');
  });

  it('exposes the people mentioned besides the bot, once each, with the names Feishu showed', () => {
    const mention = (key: string, openId: string, name: string) => ({ key, id: { open_id: openId }, name });
    const event = {
      event_id: 'e',
      sender: { sender_id: { open_id: 'ou_admin' }, sender_type: 'user' },
      message: {
        message_id: 'om',
        chat_id: 'oc',
        chat_type: 'group',
        message_type: 'text',
        content: JSON.stringify({ text: '@_user_1 审批人 添加 @_user_2 @_user_3 @_user_4' }),
        mentions: [
          mention('@_user_1', 'ou_bot', '开票助手'),
          mention('@_user_2', 'ou_chen', '老陈'),
          mention('@_user_3', 'ou_li', '老李'),
          mention('@_user_4', 'ou_chen', '老陈'),
        ],
      },
    };
    const known = toInboundMessage(event, 'ou_bot');
    expect(known.kind === 'message' && known.message).toMatchObject({
      text: '审批人 添加',
      mentions: [
        { id: 'ou_chen', name: '老陈' },
        { id: 'ou_li', name: '老李' },
      ],
    });
    // Before the bot knows its own open_id, the mention the text starts with is taken for the bot.
    const unknown = toInboundMessage(event, undefined);
    expect(unknown.kind === 'message' && unknown.message.mentions?.map((user) => user.id)).toEqual(['ou_chen', 'ou_li']);
    const botOnly = toInboundMessage({ ...event, message: { ...event.message, mentions: event.message.mentions.slice(0, 1) } }, 'ou_bot');
    expect(botOnly.kind === 'message' && 'mentions' in botOnly.message).toBe(false);
  });

  it('keeps button values structured, turning non-string values into strings', () => {
    expect(toActionValue({ op: 'confirm', n: 2, flags: ['a'] })).toEqual({ op: 'confirm', n: '2', flags: '["a"]' });
    expect(toActionValue('{"op":"cancel","job":"j"}')).toEqual({ op: 'cancel', job: 'j' });
    expect(toActionValue('plain')).toEqual({ value: 'plain' });
    expect(toActionValue(undefined)).toEqual({});
  });

  it('derives distinct dedupe ids for distinct old-style clicks and equal ones for the same click', () => {
    const base = { open_id: 'ou', open_chat_id: 'oc', open_message_id: 'om', token: 't1', action: { value: { op: 'a' } } };
    const first = toInboundActionOld(base)!;
    expect(toInboundActionOld({ ...base })!.dedupeId).toBe(first.dedupeId);
    expect(toInboundActionOld({ ...base, token: 't2' })!.dedupeId).not.toBe(first.dedupeId);
    expect(toInboundActionOld({ ...base, action: { value: { op: 'b' } } })!.dedupeId).not.toBe(first.dedupeId);
    expect(toInboundActionOld({ ...base, open_chat_id: undefined })).toBeUndefined();
  });
});
