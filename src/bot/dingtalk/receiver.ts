/**
 * DingTalk's robot HTTP callback, `POST /dingtalk/webhook`: the signature and the timestamp's hour (signature.ts) are
 * checked on the request before its body is even parsed, a message for another robot is refused, and a good one is
 * in the durable inbox before the 200 goes out (robot-delivery.ts). The answer carries no reply: replies are sent
 * through the OpenAPI by the handler, in the background.
 */
import type { Context } from 'koa';
import type Router from 'koa-router';
import type { Logger } from 'pino';
import { ShuttingDownError, type DeliveryPipeline } from '../delivery.js';
import { parseJsonObject, readRawBodyWithin } from '../raw-body.js';
import { refuseRequest } from '../refuse-request.js';
import { deliverRobotMessage } from './robot-delivery.js';
import { verifyCallback } from './signature.js';
import type { DingTalkRobotMessage } from './wire.js';

export const DINGTALK_WEBHOOK_PATH = '/dingtalk/webhook';

export interface DingTalkReceiverDeps {
  /** The app secret: the key of the callback's signature. */
  appSecret: string;
  /** This bot's robot code: a message for another robot is refused. */
  robotCode: string;
  pipeline: DeliveryPipeline;
  logger: Logger;
  now?: () => number;
}

export function mountDingTalkRoutes(router: Router, deps: DingTalkReceiverDeps): void {
  const logger = deps.logger.child({ component: 'dingtalk-receiver' });
  const now = deps.now ?? Date.now;

  const refuse = (ctx: Context, status: number, reason: string) => refuseRequest(ctx, logger, status, reason);

  router.post(DINGTALK_WEBHOOK_PATH, async (ctx) => {
    const verdict = verifyCallback(ctx.get('timestamp') || undefined, ctx.get('sign') || undefined, deps.appSecret, now());
    if (!verdict.ok) return refuse(ctx, 401, verdict.reason);
    const raw = await readRawBodyWithin(ctx, () => refuse(ctx, 413, 'body too large'));
    if (raw === undefined) return;
    const body = parseJsonObject(raw) as DingTalkRobotMessage | undefined;
    if (!body) return refuse(ctx, 400, 'body is not a JSON object');
    if (body.robotCode !== undefined && body.robotCode !== deps.robotCode) return refuse(ctx, 403, 'message for another robot');
    try {
      await deliverRobotMessage(body, deps.pipeline, logger);
    } catch (error) {
      // No 200: DingTalk delivers again later, and the inbox runs it once.
      if (error instanceof ShuttingDownError) return refuse(ctx, 503, 'shutting down');
      logger.error({ err: error }, 'dingtalk delivery failed');
      ctx.status = 500;
      ctx.body = { error: 'internal error' };
      return;
    }
    ctx.status = 200;
    ctx.body = {};
  });
}
