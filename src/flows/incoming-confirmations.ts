/**
 * Red-letter confirmations a buyer entered that wait for this side (state 03): each becomes a red job, one per
 * uuid, whose card carries 同意并开具 / 拒绝 (flows/refund.ts drives them). `确认单` shows them in the chat that
 * asks; the scheduled check posts each new one once, by itself, into the chat it concerns (home-chat.ts).
 */
import type { Confirmation } from '../api/provider.js';
import type { ChatRef } from '../bot/platform.js';
import type { JobRecord } from '../store/jobs.js';
import type { FlowContext } from './context.js';
import { chatForInvoice } from './home-chat.js';
import type { RefundFlow } from './refund.js';

/** Cards one 确认单 posts at most: Feishu lets a bot send 5 messages a second into a chat. */
export const MAX_CARDS_PER_LISTING = 10;

export interface ConfirmationListing {
  /** Waiting confirmations whose card is in this chat (posted now or before). */
  here: JobRecord[];
  /** Waiting confirmations whose card went to another chat. */
  elsewhere: JobRecord[];
  /** Not shown this time (past MAX_CARDS_PER_LISTING). */
  more: number;
}

export interface IncomingConfirmations {
  list(chat: ChatRef): Promise<ConfirmationListing>;
  /** Posts every confirmation not seen before; returns how many. A call while one runs joins it. */
  check(): Promise<number>;
}

export function createIncomingConfirmations(ctx: FlowContext, refund: RefundFlow): IncomingConfirmations {
  async function waiting(): Promise<Confirmation[]> {
    const all = await ctx.provider.listConfirmations(ctx.account);
    return all.filter((confirmation) => confirmation.enteredBy === 'buyer' && confirmation.state === '03');
  }

  let checking: Promise<number> | undefined;

  async function postNew(): Promise<number> {
    let posted = 0;
    for (const confirmation of await waiting()) {
      if (refund.jobOfConfirmation(confirmation.uuid)) continue;
      const chat = chatForInvoice(ctx, confirmation.blueNumber);
      if (!chat) {
        ctx.logger.info({ uuid: confirmation.uuid }, 'a buyer confirmation waits, and no chat is known yet to post it to; 确认单 shows it');
        continue;
      }
      await refund.offerIncoming(confirmation, chat);
      posted += 1;
    }
    return posted;
  }

  return {
    async list(chat) {
      const listing: ConfirmationListing = { here: [], elsewhere: [], more: 0 };
      for (const confirmation of await waiting()) {
        const known = refund.jobOfConfirmation(confirmation.uuid);
        if (known && (known.chat.platform !== chat.platform || known.chat.chatId !== chat.chatId)) {
          listing.elsewhere.push(known);
        } else if (known?.previewMessageId) {
          listing.here.push(known);
        } else if (listing.here.length < MAX_CARDS_PER_LISTING) {
          listing.here.push(await refund.offerIncoming(confirmation, chat));
        } else {
          listing.more += 1;
        }
      }
      return listing;
    },

    check() {
      checking ??= postNew().finally(() => (checking = undefined));
      return checking;
    },
  };
}
