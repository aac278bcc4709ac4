/**
 * The card API of the fake DingTalk. `POST /v1.0/card/instances/createAndDeliver` checks what the real one needs — a
 * template id, our outTrackId, callbacks over the stream, variables that are all strings, a space and its deliver
 * model (a group: `dtv1.card//IM_GROUP.<openConversationId>` sent by our robot; one person:
 * `dtv1.card//IM_ROBOT.<staffId>`) — and records the card as a message of its chat. `PUT /v1.0/card/instances`
 * changes the variables of a card it knows, by key. A second create with an outTrackId already used is refused: what
 * DingTalk does then is not documented, and refusing makes a card created twice visible to the tests.
 */
import type Koa from 'koa';
import type Router from 'koa-router';
import { readJsonBody } from '../request-body.js';
import { readCardInstance } from './card-instance-reading.js';
import type { FakeDingTalkMessage } from './records.js';

export interface CardApiContext {
  robotCode: string;
  messages: FakeDingTalkMessage[];
  /** Groups the bot was removed from: a card is not delivered there. */
  botRemovedFrom: ReadonlySet<string>;
  now(): number;
}

const SPACE = /^dtv1\.card\/\/(IM_GROUP|IM_ROBOT)\.(.+)$/u;

export function mountCardInstanceRoutes(router: Router, context: CardApiContext): void {
  const instances = () => context.messages.filter((message) => message.instance);
  const find = (outTrackId: string) => instances().find((message) => message.instance!.outTrackId === outTrackId);

  router.post('/v1.0/card/instances/createAndDeliver', async (ctx) => {
    const body = await readJsonBody(ctx.req);
    const templateId = body?.cardTemplateId;
    const outTrackId = body?.outTrackId;
    if (typeof templateId !== 'string' || !templateId) return refuse(ctx, 'param.cardTemplateId.empty', 'cardTemplateId不能为空');
    if (typeof outTrackId !== 'string' || !outTrackId) return refuse(ctx, 'param.outTrackId.empty', 'outTrackId不能为空');
    if (find(outTrackId)) return refuse(ctx, 'param.outTrackId.duplicate', 'outTrackId已存在');
    if (body?.callbackType !== 'STREAM') return refuse(ctx, 'param.callbackType.invalid', '回调只经 Stream 送达');
    if (body.userIdType !== 1) return refuse(ctx, 'param.userIdType.invalid', 'userIdType 必须为 1（userId）');
    const params = stringMap((body.cardData as { cardParamMap?: unknown } | undefined)?.cardParamMap);
    if (!params) return refuse(ctx, 'param.cardParamMap.invalid', 'cardParamMap的值必须是字符串');
    const openSpaceId = String(body.openSpaceId ?? '');
    const space = SPACE.exec(openSpaceId);
    if (!space) return refuse(ctx, 'param.openSpaceId.invalid', 'openSpaceId格式错误');
    const group = space[1] === 'IM_GROUP';
    const deliver = (group ? body.imGroupOpenDeliverModel : body.imRobotOpenDeliverModel) as Record<string, unknown> | undefined;
    if (group ? deliver?.robotCode !== context.robotCode : deliver?.spaceType !== 'IM_ROBOT') {
      return refuse(ctx, 'param.deliverModel.invalid', group ? 'imGroupOpenDeliverModel.robotCode无效' : 'imRobotOpenDeliverModel.spaceType无效');
    }
    const chatId = space[2]!;
    if (group && context.botRemovedFrom.has(chatId)) {
      ctx.body = { success: true, result: { outTrackId, deliverResults: [{ spaceType: 'IM_GROUP', spaceId: chatId, success: false, errorMsg: '机器人不在群内' }] } };
      return;
    }
    const card = readCardInstance(params);
    context.messages.push({
      processQueryKey: outTrackId,
      chatId,
      chatType: group ? 'group' : 'p2p',
      msgKey: 'interactiveCard',
      param: body,
      card,
      firstCard: card,
      instance: { outTrackId, templateId, openSpaceId, versions: [params] },
      createdAt: context.now(),
    });
    ctx.body = { success: true, result: { outTrackId, deliverResults: [{ spaceType: space[1], spaceId: chatId, success: true, carrierId: `carrier-${outTrackId.slice(0, 8)}` }] } };
  });

  router.put('/v1.0/card/instances', async (ctx) => {
    const body = await readJsonBody(ctx.req);
    const message = find(String(body?.outTrackId ?? ''));
    if (!message) {
      ctx.status = 404;
      ctx.body = { code: 'cardInstance.notFound', message: '卡片实例不存在' };
      return;
    }
    const params = stringMap((body?.cardData as { cardParamMap?: unknown } | undefined)?.cardParamMap);
    if (!params) return refuse(ctx, 'param.cardParamMap.invalid', 'cardParamMap的值必须是字符串');
    const byKey = (body?.cardUpdateOptions as { updateCardDataByKey?: unknown } | undefined)?.updateCardDataByKey === true;
    const versions = message.instance!.versions;
    const next = byKey ? { ...versions.at(-1), ...params } : params;
    versions.push(next);
    message.card = readCardInstance(next);
    ctx.body = { success: true, result: true };
  });
}

/** A map whose every value is a string; undefined for anything else. */
function stringMap(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.every(([, item]) => typeof item === 'string') ? (Object.fromEntries(entries) as Record<string, string>) : undefined;
}

function refuse(ctx: Koa.Context, code: string, message: string): void {
  ctx.status = 400;
  ctx.body = { code, message };
}
