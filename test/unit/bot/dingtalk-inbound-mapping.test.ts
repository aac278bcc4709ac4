import { describe, expect, it } from 'vitest';
import { toInboundMessage } from '../../../src/bot/dingtalk/inbound-mapping.js';

describe('DingTalk robot messages', () => {
  const message = (content: string, atUsers: Array<{ dingtalkId: string; staffId?: string }>) => {
    const mapped = toInboundMessage({
      msgId: 'm1',
      msgtype: 'text',
      text: { content },
      conversationType: '2',
      conversationId: 'cid1',
      senderStaffId: 'admin01',
      senderNick: '阿强',
      chatbotUserId: '$:LWCP_v1:$bot',
      atUsers,
    });
    if (mapped.kind !== 'message') throw new Error(mapped.reason);
    return mapped.message;
  };
  const bot = { dingtalkId: '$:LWCP_v1:$bot' };

  it('hands the members mentioned besides the bot over by staffId, named by their @name words, which leave the text', () => {
    const mapped = message(' 审批人 添加 @老陈 @小张', [bot, { dingtalkId: '$:a', staffId: 'cfo01' }, { dingtalkId: '$:b', staffId: 'cashier01' }]);
    expect(mapped.text).toBe('审批人 添加');
    expect(mapped.mentions).toEqual([
      { id: 'cfo01', name: '老陈' },
      { id: 'cashier01', name: '小张' },
    ]);
  });

  it('leaves names out when the @words do not pair with the mentions, and has no mentions without others', () => {
    const unpaired = message(' 审批人 添加 @老陈', [bot, { dingtalkId: '$:a', staffId: 'cfo01' }, { dingtalkId: '$:b', staffId: 'cashier01' }]);
    expect(unpaired.mentions).toEqual([{ id: 'cfo01' }, { id: 'cashier01' }]);
    expect(unpaired.text).toBe('审批人 添加');
    const plain = message(' 开票 购方=甲@公司', [bot]);
    expect(plain.mentions).toBeUndefined();
    expect(plain.text).toBe('开票 购方=甲@公司');
  });
});
