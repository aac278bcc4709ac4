import { describe, expect, it } from 'vitest';
import { showCardState } from '../../../src/bot/card-update.js';
import type { Card, ChatRef, ChatSender } from '../../../src/bot/platform.js';

const CHAT: ChatRef = { platform: 'console', chatId: 'c1', chatType: 'group' };
const CARD: Card = { title: '已开具', state: 'success' };

function sender(canUpdate: boolean) {
  const calls: string[] = [];
  const base: ChatSender = {
    platform: 'console',
    async sendText() {
      return { messageId: 'text' };
    },
    async sendImage() {
      return { messageId: 'image' };
    },
    async sendCard(_chat, card, key) {
      calls.push(`send ${card.title} ${key}`);
      return { messageId: `new-${calls.length}` };
    },
  };
  const withUpdate: ChatSender = {
    ...base,
    async updateCard(_chat, messageId, card) {
      calls.push(`update ${messageId} ${card.title}`);
    },
  };
  return { sender: canUpdate ? withUpdate : base, calls };
}

describe('showCardState', () => {
  it('updates the card where the platform can', async () => {
    const { sender: updating, calls } = sender(true);
    expect(await showCardState(updating, CHAT, 'om_1', CARD, 'job:j1:card:abc')).toBe('om_1');
    expect(calls).toEqual(['update om_1 已开具']);
  });

  it('posts the new state as a new message where it cannot, keyed so a retry posts once', async () => {
    const { sender: plain, calls } = sender(false);
    expect(await showCardState(plain, CHAT, 'om_1', CARD, 'job:j1:card:abc')).toBe('new-1');
    expect(calls).toEqual(['send 已开具 job:j1:card:abc']);
  });
});
