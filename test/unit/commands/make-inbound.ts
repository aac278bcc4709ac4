/** Small plain Inbound doubles for command tests. */
import type { ActionValue, InboundAction, InboundMessage } from '../../../src/bot/platform.js';

let deliveries = 0;

export function makeMessage(
  text: string,
  options: { chatType?: 'group' | 'p2p'; mentioned?: boolean; userId?: string } = {},
): InboundMessage {
  const chatType = options.chatType ?? 'p2p';
  deliveries += 1;
  return {
    kind: 'message',
    chat: { platform: 'console', chatId: `chat-${chatType}`, chatType },
    user: { id: options.userId ?? 'user-1', name: '测试用户' },
    dedupeId: `delivery-${deliveries}`,
    text,
    mentioned: options.mentioned ?? chatType === 'p2p',
  };
}

export function makeAction(
  value: ActionValue,
  options: { form?: Record<string, string>; userId?: string } = {},
): InboundAction {
  deliveries += 1;
  const action: InboundAction = {
    kind: 'action',
    chat: { platform: 'console', chatId: 'chat-group', chatType: 'group' },
    user: { id: options.userId ?? 'user-1' },
    dedupeId: `delivery-${deliveries}`,
    value,
    cardMessageId: 'card-1',
  };
  if (options.form !== undefined) action.form = options.form;
  return action;
}
