/** A webhook request a receiver will not take: logged with the reason (never the body) and answered with it. */
import type { Context } from 'koa';
import type { Logger } from 'pino';

export function refuseRequest(ctx: Context, logger: Logger, status: number, reason: string): void {
  logger.warn({ path: ctx.path, status, reason }, 'webhook request refused');
  ctx.status = status;
  ctx.body = { error: reason };
}
