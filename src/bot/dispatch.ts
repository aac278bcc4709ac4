/**
 * The bot's one InboundHandler: routes every message and card click through the command router and sends what
 * the handler answered. Replies carry idempotency keys derived from the delivery, so a re-run posts nothing new.
 */
import type { Logger } from 'pino';
import type { Router } from '../commands/registry.js';
import type { BotServices } from '../commands/services.js';
import type { ActionTokens } from '../store/action-tokens.js';
import { asTextClick } from './text-click.js';
import type { ActionAnswer, ChatSender, Inbound, InboundHandler, PlatformName } from './platform.js';

export interface DispatchDeps {
  router: Router<BotServices>;
  services: BotServices;
  senders: Partial<Record<PlatformName, ChatSender>>;
  logger: Logger;
  /** The text form of buttons (store/action-tokens.ts), for platforms whose cards cannot call back. */
  actionTokens?: ActionTokens;
}

const FAILED_TEXT = '处理时出错了，请稍后再试；问题持续请联系管理员。';

export function createInboundHandler({ router, services, senders, logger, actionTokens }: DispatchDeps): InboundHandler {
  async function send(inbound: Inbound, text: string | undefined, card: Parameters<ChatSender['sendCard']>[1] | undefined) {
    const sender = senders[inbound.chat.platform];
    if (!sender) throw new Error(`no sender for ${inbound.chat.platform}`);
    if (text) await sender.sendText(inbound.chat, text, `reply:${inbound.dedupeId}:text`);
    if (card) await sender.sendCard(inbound.chat, card, `reply:${inbound.dedupeId}:card`);
  }

  return async (delivered): Promise<ActionAnswer | void> => {
    let inbound = delivered;
    let token: string | undefined;
    if (actionTokens) {
      const click = await asTextClick(delivered, actionTokens);
      if (click.kind === 'refused') return void (await send(delivered, click.text, undefined));
      if (click.kind === 'click') ({ inbound, token } = click);
    }
    // Only on a failure: a child logger per delivery costs more than the routing itself on a busy bot.
    const log = () => logger.child({ platform: inbound.chat.platform, chat: inbound.chat.chatId, user: inbound.user.id });
    let reply;
    try {
      reply = await router.route(inbound, services);
    } catch (error) {
      log().error({ err: error, kind: inbound.kind }, 'handler failed');
      const failed: ActionAnswer = { toast: { type: 'error', text: FAILED_TEXT } };
      if (inbound.kind === 'action' && !inbound.viaText) return failed;
      reply = inbound.kind === 'action' ? { answer: failed } : { text: FAILED_TEXT };
    }
    if (!reply) return;
    if (inbound.kind === 'action' && inbound.viaText) {
      // Refused or failed (an error answer): the button stays usable, e.g. for the approver after someone else's click.
      if (token && reply.answer?.toast?.type === 'error') await actionTokens?.release(token);
      // No callback to answer: what a toast would say, and the card it would show, go to the chat as messages.
      const text = [reply.answer?.toast?.text, reply.text].filter(Boolean).join('\n');
      await send(inbound, text || undefined, reply.card ?? reply.answer?.card);
      return;
    }
    if (inbound.kind === 'action') {
      // The click must be answered inside the platform's window: post follow-ups without holding the answer.
      send(inbound, reply.text, reply.card).catch((error: unknown) => log().error({ err: error }, 'follow-up send failed'));
      return reply.answer;
    }
    await send(inbound, reply.text, reply.card);
  };
}
