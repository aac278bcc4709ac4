/**
 * The DingTalk `ChatSender`: robot messages through the OpenAPI — into a group with `groupMessages/send`, to one
 * person with `oToMessages/batchSend` — as `sampleText`, `sampleImageMsg` (a `media/upload` id) and `sampleMarkdown`
 * for cards (card-renderer.ts). Robot messages cannot be updated, so a markdown sender has no `updateCard`: a card's
 * new state is posted as a new message (bot/card-update.ts).
 *
 * DingTalk has no idempotency field: the persisted ledger of keys already sent (store/sent-messages.ts) answers a
 * retried send with the first message, and sends of one key in flight at once share one call.
 *
 * Every new card state is a new message here, and one state can reach the chat twice (a click's answer card and the
 * job's own card update): a card that reads exactly like the last card in its chat is not posted again.
 *
 * With a card template (DINGTALK_CARD_TEMPLATE_ID, stream mode) cards are interactive instead: created from the
 * template (card-instances.ts, interactive-card.ts) under the send's ledger entry, and updated in place — the newest
 * state of a card wins when updates pile up. Texts and images stay robot messages.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { ActionTokens } from '../../store/action-tokens.js';
import type { SentLedger } from '../../store/sent-messages.js';
import { LatestWins } from '../latest-wins.js';
import type { Card, ChatRef, ChatSender, SentMessage } from '../platform.js';
import { DingTalkApiError } from './api-error.js';
import type { BotName } from './bot-name.js';
import type { CardInstances } from './card-instances.js';
import { renderDingTalkCard } from './card-renderer.js';
import { renderCardParams } from './interactive-card.js';
import type { DingTalkClient } from './openapi.js';
import type { DingTalkMessageParam } from './wire.js';

export interface DingTalkSenderDeps {
  client: DingTalkClient;
  robotCode: string;
  /** The bot's name in groups: button links mention it. */
  botName: BotName;
  tokens: ActionTokens;
  ledger: SentLedger;
  logger: Logger;
  /** Interactive cards from the template; absent = markdown cards. */
  cards?: CardInstances;
}

interface GroupSendAnswer {
  processQueryKey?: string;
}

interface OneToOneSendAnswer extends GroupSendAnswer {
  invalidStaffIdList?: string[];
  flowControlledStaffIdList?: string[];
}

export function createDingTalkSender(deps: DingTalkSenderDeps): ChatSender {
  const { client, robotCode, ledger, cards } = deps;
  const logger = deps.logger.child({ component: 'dingtalk-sender' });
  const inFlight = new Map<string, Promise<SentMessage>>();
  /** The last card posted into each chat (button tokens make every card with buttons differ). */
  const lastCard = new Map<string, { text: string; messageId: string }>();

  /** Runs `post` once per key: the ledger's message when it was sent before, the running call when under way. */
  function once(key: string, post: () => Promise<string>): Promise<SentMessage> {
    const sent = ledger.find(key);
    if (sent) return Promise.resolve({ messageId: sent });
    let running = inFlight.get(key);
    if (!running) {
      running = (async () => {
        const messageId = await post();
        await ledger.remember(key, messageId);
        return { messageId };
      })().finally(() => inFlight.delete(key));
      inFlight.set(key, running);
    }
    return running;
  }

  async function post(chat: ChatRef, message: DingTalkMessageParam): Promise<string> {
    const msgParam = JSON.stringify(message.msgParam);
    if (chat.chatType === 'group') {
      const operation = `robot.groupMessages.send(${message.msgKey})`;
      const answer = await client.api<GroupSendAnswer>(operation, '/v1.0/robot/groupMessages/send', {
        robotCode,
        openConversationId: chat.chatId,
        msgKey: message.msgKey,
        msgParam,
      });
      return processKey(operation, answer);
    }
    const operation = `robot.oToMessages.batchSend(${message.msgKey})`;
    const answer = await client.api<OneToOneSendAnswer>(operation, '/v1.0/robot/oToMessages/batchSend', {
      robotCode,
      userIds: [chat.chatId],
      msgKey: message.msgKey,
      msgParam,
    });
    // Answered 200 with the person listed as not reachable: gone (left the organisation) or throttled.
    if (answer.invalidStaffIdList?.includes(chat.chatId)) {
      throw new DingTalkApiError(operation, { status: 200, code: 'resource.not.found', message: 'staffId not reachable' });
    }
    if (answer.flowControlledStaffIdList?.includes(chat.chatId)) {
      throw new DingTalkApiError(operation, { status: 429, message: 'flow controlled' });
    }
    return processKey(operation, answer);
  }

  function processKey(operation: string, answer: GroupSendAnswer): string {
    if (!answer.processQueryKey) throw new DingTalkApiError(operation, { status: 200, message: 'no processQueryKey in answer' });
    logger.debug({ operation, processQueryKey: answer.processQueryKey }, 'dingtalk message sent');
    return answer.processQueryKey;
  }

  const mention = async (chat: ChatRef) => (chat.chatType === 'group' ? deps.botName.inGroup(chat.chatId) : undefined);

  async function postMarkdownCard(chat: ChatRef, card: Card): Promise<string> {
    const markdown = await renderDingTalkCard(card, { mint: (value, typed) => deps.tokens.mint(chat, value, typed), mention: await mention(chat) });
    const last = lastCard.get(chat.chatId);
    if (last?.text === markdown.text) return last.messageId;
    const messageId = await post(chat, { msgKey: 'sampleMarkdown', msgParam: markdown });
    lastCard.set(chat.chatId, { text: markdown.text, messageId });
    return messageId;
  }

  const sender: ChatSender = {
    platform: 'dingtalk',
    sendText: (chat, text, key) => once(key, () => post(chat, { msgKey: 'sampleText', msgParam: { content: text } })),
    sendImage: (chat, png, key) =>
      once(key, async () => post(chat, { msgKey: 'sampleImageMsg', msgParam: { photoURL: await client.uploadImage(png) } })),
    sendCard: (chat, card, key) =>
      once(key, async () => {
        if (card.image) await sender.sendImage(chat, card.image.png, `${key}:image`);
        if (!cards) return postMarkdownCard(chat, card);
        return cards.deliver(chat, renderCardParams(card, { mention: await mention(chat) }), key);
      }),
  };
  if (cards) {
    const updates = new LatestWins<{ chat: ChatRef; card: Card }>(async (outTrackId, { chat, card }) => {
      // An image cannot be put into the card: a new one is posted below it, once per image.
      if (card.image) await sender.sendImage(chat, card.image.png, `${outTrackId}:image:${digest(card.image.png)}`);
      await cards.update(outTrackId, renderCardParams(card, { mention: await mention(chat), imageWhere: '见最新一条图片消息' }));
    });
    sender.updateCard = (chat, outTrackId, card) => updates.submit(outTrackId, { chat, card });
  }
  return sender;
}

function digest(png: Buffer): string {
  return createHash('sha256').update(png).digest('hex').slice(0, 16);
}
