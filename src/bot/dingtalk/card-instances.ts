/**
 * Interactive card instances through the card OpenAPI: `POST /v1.0/card/instances/createAndDeliver` creates an
 * instance of the template with its variables and delivers it into a chat in one call, `PUT /v1.0/card/instances`
 * replaces its variables (every one, by key). The instance's `outTrackId` is ours to choose: it is derived from the
 * send's idempotency key (and the robot), so the same send always names the same card, and it is the card's message
 * id for the rest of the bot. The chat the card goes to is recorded before it is delivered: a click can arrive as soon
 * as the card shows.
 *
 * Callbacks come over the stream (`callbackType: STREAM`). A group card goes to `dtv1.card//IM_GROUP.<openConversationId>`
 * with the robot as its sender; a one-to-one card to `dtv1.card//IM_ROBOT.<staffId>`, the person's chat with the robot.
 * Cards cannot be forwarded (`supportForward: false`): a forwarded card would carry its buttons into another chat.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { CardChats } from '../../store/card-chats.js';
import type { ChatRef } from '../platform.js';
import { DingTalkApiError } from './api-error.js';
import type { CardParams } from './interactive-card.js';
import type { DingTalkClient } from './openapi.js';
import type { DingTalkCardDeliverAnswer } from './wire.js';

export interface CardInstancesDeps {
  client: DingTalkClient;
  robotCode: string;
  templateId: string;
  chats: CardChats;
  logger: Logger;
}

export interface CardInstances {
  /** Creates and delivers the card that `idempotencyKey` names; resolves with its outTrackId. */
  deliver(chat: ChatRef, params: CardParams, idempotencyKey: string): Promise<string>;
  update(outTrackId: string, params: CardParams): Promise<void>;
}

/** The space a card is delivered to, as the card API names it. */
export function openSpaceId(chat: ChatRef): string {
  return chat.chatType === 'group' ? `dtv1.card//IM_GROUP.${chat.chatId}` : `dtv1.card//IM_ROBOT.${chat.chatId}`;
}

/** 64 hex characters, as DingTalk's own SDKs make them. */
export function outTrackIdFor(robotCode: string, idempotencyKey: string): string {
  return createHash('sha256').update(`${robotCode}\n${idempotencyKey}`).digest('hex');
}

export function createCardInstances(deps: CardInstancesDeps): CardInstances {
  const { client, robotCode, templateId, chats } = deps;
  const logger = deps.logger.child({ component: 'dingtalk-cards' });

  function spaceFields(chat: ChatRef): Record<string, unknown> {
    return chat.chatType === 'group'
      ? { imGroupOpenSpaceModel: { supportForward: false }, imGroupOpenDeliverModel: { robotCode } }
      : { imRobotOpenSpaceModel: { supportForward: false }, imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode } };
  }

  return {
    async deliver(chat, params, idempotencyKey) {
      const outTrackId = outTrackIdFor(robotCode, idempotencyKey);
      await chats.remember(outTrackId, chat);
      const operation = 'card.instances.createAndDeliver';
      const answer = await client.api<DingTalkCardDeliverAnswer>(operation, '/v1.0/card/instances/createAndDeliver', {
        cardTemplateId: templateId,
        outTrackId,
        callbackType: 'STREAM',
        userIdType: 1,
        cardData: { cardParamMap: params },
        openSpaceId: openSpaceId(chat),
        ...spaceFields(chat),
      });
      const failed = answer.result?.deliverResults?.find((result) => result.success !== true);
      if (answer.success === false || !answer.result?.deliverResults?.length || failed) {
        throw new DingTalkApiError(operation, { status: 200, message: `not delivered: ${failed?.errorMsg ?? 'no delivery result'}` });
      }
      logger.debug({ outTrackId, chatId: chat.chatId }, 'dingtalk card delivered');
      return outTrackId;
    },

    async update(outTrackId, params) {
      await client.api(
        'card.instances.update',
        '/v1.0/card/instances',
        { outTrackId, cardData: { cardParamMap: params }, cardUpdateOptions: { updateCardDataByKey: true } },
        'PUT',
      );
      logger.debug({ outTrackId }, 'dingtalk card updated');
    },
  };
}
