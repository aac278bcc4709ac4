/**
 * Where the bot posts what nobody asked for in a chat. A confirmation a buyer entered (found by the scheduled check)
 * goes to the chat of the blue invoice it concerns when the bot issued it, else to the chat that last asked for an
 * invoice or a refund. Expiry warnings go to every chat the bot was used in lately.
 */
import type { ChatRef } from '../bot/platform.js';
import type { FlowContext } from './context.js';

/** Someone used the bot in `chat` (a command, a click). */
export function noteChatUse(ctx: FlowContext, chat: ChatRef): Promise<void> {
  return ctx.chats.used(chat, ctx.now());
}

/** `chat` asked for an invoice or a refund. */
export function rememberChat(ctx: FlowContext, chat: ChatRef): Promise<void> {
  return ctx.chats.asked(chat, ctx.now());
}

export function chatForInvoice(ctx: FlowContext, invoiceNumber: string | undefined): ChatRef | undefined {
  const job = invoiceNumber ? ctx.jobs.all().find((candidate) => candidate.invoice?.number === invoiceNumber) : undefined;
  // Stores from before the chats table remembered the last asking chat in the account's session.
  return job?.chat ?? ctx.chats.lastAsked() ?? ctx.sessions.get(ctx.accountKey).lastChat;
}

/** Chats the bot was used in during the last `periodMs`, most recent first. */
export function chatsUsedWithin(ctx: FlowContext, periodMs: number): ChatRef[] {
  return ctx.chats.usedSince(ctx.now() - periodMs);
}
