import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createInboundHandler } from '../../../src/bot/dispatch.js';
import type { Card, ChatRef, ChatSender, InboundMessage } from '../../../src/bot/platform.js';
import { createRouter, defineAction } from '../../../src/commands/registry.js';
import type { BotServices } from '../../../src/commands/services.js';
import { createActionTokens, tokenInText, type ActionTokens } from '../../../src/store/action-tokens.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const GROUP: ChatRef = { platform: 'console', chatId: 'group-1', chatType: 'group' };
const OTHER_GROUP: ChatRef = { platform: 'console', chatId: 'group-2', chatType: 'group' };

/** Records what the bot posts; a platform with no card callbacks and no toasts. */
function recordingSender(): ChatSender & { posted: Array<{ chatId: string; text?: string; card?: Card }> } {
  const posted: Array<{ chatId: string; text?: string; card?: Card }> = [];
  return {
    platform: 'console',
    posted,
    async sendText(chat, text) {
      posted.push({ chatId: chat.chatId, text });
      return { messageId: `m${posted.length}` };
    },
    async sendImage() {
      return { messageId: 'image' };
    },
    async sendCard(chat, card) {
      posted.push({ chatId: chat.chatId, card });
      return { messageId: `m${posted.length}` };
    },
    async updateCard() {},
  };
}

let deliveries = 0;
function typed(text: string, chat: ChatRef = GROUP, userId = 'ou_clerk', mentioned = true): InboundMessage {
  deliveries += 1;
  return { kind: 'message', chat, user: { id: userId }, dedupeId: `d${deliveries}`, text, mentioned };
}

describe('buttons in text form (one-time action tokens)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let store: Store;
  let tokens: ActionTokens;
  let sender: ReturnType<typeof recordingSender>;
  let clicks: Array<{ user: string; job?: string }>;
  let rejections: Array<{ job?: string; form: Record<string, string> }>;
  let approvals: string[];
  let handle: ReturnType<typeof createInboundHandler>;

  beforeEach(async () => {
    temp = await makeTempDir('fapiao-tokens-');
    store = await openStore(temp.dir);
    tokens = createActionTokens(store);
    sender = recordingSender();
    clicks = [];
    rejections = [];
    approvals = [];
    const router = createRouter<BotServices>({
      commands: [],
      actions: [
        defineAction<BotServices>({
          op: 'approve',
          handler: ({ inbound }) => {
            approvals.push(inbound.user.id);
            const allowed = inbound.user.id === 'ou_boss';
            return { answer: { toast: allowed ? { type: 'success', text: '已同意' } : { type: 'error', text: '只有审批人可以同意' } } };
          },
        }),
        defineAction<BotServices>({
          op: 'reject',
          handler: ({ value, form }) => {
            rejections.push({ job: value.job, form });
            return { answer: { toast: { type: 'success', text: '已驳回' } } };
          },
        }),
        defineAction<BotServices>({
          op: 'issue_confirm',
          handler: ({ inbound, value }) => {
            clicks.push({ user: inbound.user.id, job: value.job });
            return { answer: { toast: { type: 'success', text: '已确认，正在开具' }, card: { title: '开具中…', state: 'pending' } } };
          },
        }),
      ],
    });
    handle = createInboundHandler({ router, services: {} as BotServices, senders: { console: sender }, logger: pino({ level: 'silent' }), actionTokens: tokens });
  });

  afterEach(async () => {
    await store.close();
    await temp.remove();
  });

  it('finds the token in what people send back, and nothing else', () => {
    expect(tokenInText('确认开具 #K7Q2MX')).toBe('K7Q2MX');
    expect(tokenInText('#k7q2mx')).toBe('K7Q2MX');
    expect(tokenInText('确认开具 K7Q2MX')).toBeUndefined();
    expect(tokenInText('#K7Q2M0')).toBeUndefined();
    expect(tokenInText('备注 #K7Q2MX 之后还有字')).toBeUndefined();
  });

  it('runs the button once, as the person who sent it, and answers with messages instead of a toast', async () => {
    const token = await tokens.mint(GROUP, { op: 'issue_confirm', job: 'job-1' });
    await handle(typed(`确认开具 #${token}`));
    expect(clicks).toEqual([{ user: 'ou_clerk', job: 'job-1' }]);
    expect(sender.posted).toEqual([
      { chatId: 'group-1', text: '已确认，正在开具' },
      { chatId: 'group-1', card: { title: '开具中…', state: 'pending' } },
    ]);

    // Sent again, by anyone: used.
    await handle(typed(`确认开具 #${token}`, GROUP, 'ou_someone_else'));
    expect(clicks).toHaveLength(1);
    expect(sender.posted.at(-1)?.text).toContain('已经用过了');
  });

  it('works only in its own chat, refuses unknown tokens, and ignores a group message not addressed to the bot', async () => {
    const token = await tokens.mint(GROUP, { op: 'issue_confirm', job: 'job-2' });
    await handle(typed(`确认开具 #${token}`, OTHER_GROUP));
    expect(sender.posted.at(-1)).toEqual({ chatId: 'group-2', text: expect.stringContaining('不属于这个群') });
    await handle(typed('确认开具 #ABCDEF'));
    expect(sender.posted.at(-1)?.text).toContain('口令无效');
    const before = sender.posted.length;
    await handle(typed(`确认开具 #${token}`, GROUP, 'ou_clerk', false));
    expect(sender.posted).toHaveLength(before);
    expect(clicks).toHaveLength(0);
    // Still unspent: the one right use works.
    await handle(typed(`#${token}`));
    expect(clicks).toEqual([{ user: 'ou_clerk', job: 'job-2' }]);
  });

  it("takes what is typed between a form button's label and its token as the form's one input", async () => {
    const reasonInput = { label: '驳回', input: 'reason' };
    const withReason = await tokens.mint(GROUP, { op: 'reject', job: 'job-5' }, reasonInput);
    const bare = await tokens.mint(GROUP, { op: 'reject', job: 'job-6' }, reasonInput);
    const plain = await tokens.mint(GROUP, { op: 'reject', job: 'job-7' });
    await handle(typed(`驳回 金额与合同不符 #${withReason}`));
    await handle(typed(`驳回 #${bare}`));
    await handle(typed(`驳回 多写的字 #${plain}`));
    expect(rejections).toEqual([
      { job: 'job-5', form: { reason: '金额与合同不符' } },
      { job: 'job-6', form: { reason: '' } },
      { job: 'job-7', form: {} },
    ]);
  });

  it('leaves a token whose click was refused for the person the button is for', async () => {
    const token = await tokens.mint(GROUP, { op: 'approve', job: 'job-8' });
    await handle(typed(`同意 #${token}`, GROUP, 'ou_clerk'));
    expect(sender.posted.at(-1)?.text).toBe('只有审批人可以同意');
    await handle(typed(`同意 #${token}`, GROUP, 'ou_boss'));
    expect(sender.posted.at(-1)?.text).toBe('已同意');
    await handle(typed(`同意 #${token}`, GROUP, 'ou_cfo'));
    expect(sender.posted.at(-1)?.text).toContain('已经用过了');
    expect(approvals).toEqual(['ou_clerk', 'ou_boss']);
  });

  it('keeps tokens, and their being used, across a restart', async () => {
    const unused = await tokens.mint(GROUP, { op: 'issue_confirm', job: 'job-3' });
    const used = await tokens.mint(GROUP, { op: 'issue_confirm', job: 'job-4' });
    await tokens.redeem(GROUP, used, 'ou_clerk', 'delivery-1');
    await store.close();
    store = await openStore(temp.dir);
    const reopened = createActionTokens(store);
    expect(await reopened.redeem(GROUP, used, 'ou_clerk', 'delivery-2')).toEqual({ ok: false, reason: 'used' });
    expect(await reopened.redeem(GROUP, unused, 'ou_clerk', 'delivery-3')).toEqual({ ok: true, value: { op: 'issue_confirm', job: 'job-3' } });
  });

  it('runs a click again when its own message is replayed after a crash: the token was spent, the click never ran', async () => {
    const token = await tokens.mint(GROUP, { op: 'issue_confirm', job: 'job-5' });
    const message = typed(`确认开具 #${token}`);
    // The crash: the token is spent on disk, the process dies before the click runs.
    await tokens.redeem(GROUP, token, 'ou_clerk', message.dedupeId);
    expect(clicks).toHaveLength(0);
    // The inbox replays the same delivery on start: the click runs.
    await handle(message);
    expect(clicks).toEqual([{ user: 'ou_clerk', job: 'job-5' }]);
    // Any other message with the token still finds it used.
    await handle(typed(`确认开具 #${token}`));
    expect(clicks).toHaveLength(1);
    expect(sender.posted.at(-1)?.text).toContain('已经用过了');
  });
});
