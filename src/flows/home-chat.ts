/**
 * Where the bot posts what nobody asked for in a chat (a confirmation a buyer entered, found by the scheduled check):
 * the chat of the blue invoice it concerns when the bot issued it, else the chat that last asked for an invoice or a
 * refund. Remembered per seller account, written only when it changes.
 */
import type { ChatRef } from '../bot/platform.js';
import type { FlowContext } from './context.js';

export async function rememberChat(ctx: FlowContext, chat: ChatRef): Promise<void> {
  const last = ctx.sessions.get(ctx.accountKey).lastChat;
  if (last?.platform === chat.platform && last.chatId === chat.chatId) return;
  await ctx.sessions.update(ctx.accountKey, { lastChat: chat });
}

export function chatForInvoice(ctx: FlowContext, invoiceNumber: string | undefined): ChatRef | undefined {
  const job = invoiceNumber ? ctx.jobs.all().find((candidate) => candidate.invoice?.number === invoiceNumber) : undefined;
  return job?.chat ?? ctx.sessions.get(ctx.accountKey).lastChat;
}
