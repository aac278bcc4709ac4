/**
 * The web chat's HTTP face under /console: the page and its files, the live event stream, images, and the two things
 * a page sends — a typed message and a click — which go through the same delivery pipeline as a Feishu webhook.
 */
import { readFile } from 'node:fs/promises';
import type { Context } from 'koa';
import type Router from 'koa-router';
import type { Logger } from 'pino';
import type { ConsoleMessages } from '../../store/console-messages.js';
import { ShuttingDownError, type ActionOutcome, type DeliveryPipeline } from '../delivery.js';
import { BodyTooLargeError, parseJsonObject, readRawBody } from '../raw-body.js';
import type { ActionAnswer, CardUpdatingSender, ChatRef } from '../platform.js';
import { acceptTokenFromQuery, mayUseConsole, type ConsoleAccess } from './access.js';
import { checkClick } from './click-check.js';
import type { EventStreams } from './events.js';
import { CONSOLE_PEOPLE, consolePerson } from './people.js';
import { Click, CONSOLE_BASE, toPage, TypedMessage } from './wire.js';

/** The one conversation the console holds: a group, where everyone typing speaks to the bot. */
export const CONSOLE_CHAT: ChatRef = { platform: 'console', chatId: 'console', chatType: 'group' };

/** How long a click waits for its answer (toast, new card) before the page hears 处理中…; no platform sets it here. */
export const CONSOLE_ANSWER_WINDOW_MS = 5_000;

const PAGE_FILES: Record<string, string> = {
  'console.js': 'text/javascript; charset=utf-8',
  'console-view.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};
const pageFile = (name: string) => new URL(`./page/${name}`, import.meta.url);

export interface ConsoleRouteDeps {
  router: Router;
  pipeline: DeliveryPipeline;
  messages: ConsoleMessages;
  sender: CardUpdatingSender;
  streams: EventStreams;
  access: ConsoleAccess;
  /** The simulator's control routes are mounted (sandbox mode): the page shows its buttons. */
  sandbox: boolean;
  logger: Logger;
}

export function mountConsoleRoutes(deps: ConsoleRouteDeps): void {
  const { router, pipeline, messages, logger } = deps;

  /** Every console route but the page's own address needs the right to use it. */
  const guarded = (handler: (ctx: Context) => Promise<void> | void) => async (ctx: Context) => {
    if (!mayUseConsole(ctx, deps.access)) return refuse(ctx);
    ctx.set('Cache-Control', 'no-store');
    await handler(ctx);
  };

  router.get(CONSOLE_BASE, async (ctx) => {
    if (acceptTokenFromQuery(ctx, deps.access)) return ctx.redirect(CONSOLE_BASE);
    if (!mayUseConsole(ctx, deps.access)) return refuse(ctx);
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'");
    ctx.body = await readFile(pageFile('index.html'));
  });

  router.get(`${CONSOLE_BASE}/assets/:name`, guarded(async (ctx) => {
    const type = Object.hasOwn(PAGE_FILES, ctx.params.name!) ? PAGE_FILES[ctx.params.name!] : undefined;
    if (!type) return void (ctx.status = 404);
    ctx.type = type;
    ctx.body = await readFile(pageFile(ctx.params.name!));
  }));

  router.get(`${CONSOLE_BASE}/api/info`, guarded((ctx) => {
    ctx.body = { people: CONSOLE_PEOPLE, sandbox: deps.sandbox };
  }));

  /** The same changes as the stream, as one JSON answer (scripts, tests). */
  router.get(`${CONSOLE_BASE}/api/messages`, guarded((ctx) => {
    const after = Number(ctx.query.after ?? 0);
    ctx.body = messages.changedSince(Number.isFinite(after) ? after : 0).map(toPage);
  }));

  router.get(`${CONSOLE_BASE}/api/events`, guarded((ctx) => deps.streams.open(ctx)));

  router.get(`${CONSOLE_BASE}/api/images/:id`, guarded((ctx) => {
    const message = messages.get(ctx.params.id!);
    const png = message?.png ?? message?.card?.image?.png;
    if (!png) return void (ctx.status = 404);
    ctx.type = 'image/png';
    ctx.body = Buffer.from(png, 'base64');
  }));

  router.post(`${CONSOLE_BASE}/api/messages`, guarded(async (ctx) => {
    const parsed = TypedMessage.safeParse(await jsonBody(ctx));
    const user = consolePerson(parsed.data?.user);
    if (!parsed.success || !user) return badRequest(ctx, parsed.error?.issues[0]?.message ?? 'unknown speaker');
    const text = parsed.data.text.trim();
    if (!text) return badRequest(ctx, 'empty message');
    // The person's own line joins the history first, so the page shows the question before the answer.
    await messages.append(`in:${parsed.data.id}`, { chatId: CONSOLE_CHAT.chatId, from: user, text });
    await deliver(ctx, async () => {
      await pipeline.message({ kind: 'message', chat: CONSOLE_CHAT, user, dedupeId: `console:${parsed.data.id}`, text, mentioned: true });
      ctx.body = { ok: true };
    });
  }));

  router.post(`${CONSOLE_BASE}/api/actions`, guarded(async (ctx) => {
    const parsed = Click.safeParse(await jsonBody(ctx));
    const user = consolePerson(parsed.data?.user);
    if (!parsed.success || !user) return badRequest(ctx, parsed.error?.issues[0]?.message ?? 'unknown speaker');
    const { id, cardMessageId, value, form } = parsed.data;
    const click = checkClick(messages.get(cardMessageId), CONSOLE_CHAT.chatId, value, form);
    if (!click.ok) {
      ctx.status = 409;
      ctx.body = { toast: { type: 'warning', text: click.reason } };
      return;
    }
    await deliver(ctx, async () => {
      const outcome = await pipeline.action(
        { kind: 'action', chat: CONSOLE_CHAT, user, dedupeId: `console:${id}`, value: click.value, form: click.form, cardMessageId },
        CONSOLE_ANSWER_WINDOW_MS,
      );
      ctx.body = { toast: await applyOutcome(outcome, cardMessageId) };
    });
  }));

  /** The answer's card replaces the clicked one (pages see it through the stream); its toast goes back to the clicker. */
  async function applyOutcome(outcome: ActionOutcome, cardMessageId: string): Promise<ActionAnswer['toast']> {
    switch (outcome.kind) {
      case 'answered':
        if (outcome.answer?.card) await deps.sender.updateCard(CONSOLE_CHAT, cardMessageId, outcome.answer.card);
        return outcome.answer?.toast;
      case 'late':
        return { type: 'info', text: '处理中…' };
      case 'failed':
        return { type: 'error', text: '操作失败，请稍后再试' };
      case 'duplicate':
        return undefined;
    }
  }

  async function deliver(ctx: Context, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof ShuttingDownError)) throw error;
      logger.info('console delivery refused while shutting down');
      ctx.status = 503;
      ctx.body = { error: '机器人正在重启，请稍后再发。' };
    }
  }
}

async function jsonBody(ctx: Context): Promise<Record<string, unknown> | undefined> {
  // JSON only: a cross-site form cannot send it without a preflight this server never grants.
  if (!ctx.is('application/json')) return undefined;
  try {
    return parseJsonObject(await readRawBody(ctx));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return undefined;
    throw error;
  }
}

function badRequest(ctx: Context, reason: string): void {
  ctx.status = 400;
  ctx.body = { error: reason };
}

function refuse(ctx: Context): void {
  ctx.status = 401;
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = '需要口令：请打开启动时打印的地址（/console?token=…）。/ Open the address printed at start-up (with its token).';
}
