import type { Context, Middleware } from 'koa';
import { RED_REASON_CODE } from '../jumdata/wire.js';
import { readBody } from './form.js';
import { addInjection, type InjectionRequest } from './injection.js';
import { createConfirmation, scheduleRedIssue } from './issuing.js';
import { planFromGross } from './reversal.js';
import { recordFaceScan, settle } from './settle.js';
import type { SandboxState } from './state.js';
import { confirmationItem } from './views.js';

export const CONTROL_PREFIX = '/__sandbox/';

type Body = Record<string, unknown>;
type ControlAnswer = { status: number; body: unknown };
type ControlRoute = {
  method: 'GET' | 'POST';
  pattern: RegExp;
  run(state: SandboxState, body: Body, match: RegExpExecArray, ctx: Context): ControlAnswer;
};

/**
 * The test and demo handle on the simulator: JSON in, JSON out, no signature. Everything the clock or a human
 * would do at the bureau (scan a QR, let time pass, the buyer's answer, faults) happens here.
 */
const ROUTES: ControlRoute[] = [
  { method: 'POST', pattern: /^scan$/, run: scan },
  { method: 'POST', pattern: /^expire$/, run: expire },
  { method: 'POST', pattern: /^inject$/, run: inject },
  { method: 'POST', pattern: /^advance$/, run: advance },
  { method: 'POST', pattern: /^confirmations$/, run: buyerEntersConfirmation },
  { method: 'POST', pattern: /^confirmations\/([^/]+)\/buyer$/, run: buyerAnswers },
  { method: 'GET', pattern: /^calls$/, run: calls },
  { method: 'GET', pattern: /^invoices$/, run: invoices },
  { method: 'POST', pattern: /^reset$/, run: reset },
];

export function controlMiddleware(state: SandboxState): Middleware {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(CONTROL_PREFIX)) return next();
    const rest = ctx.path.slice(CONTROL_PREFIX.length);
    for (const route of ROUTES) {
      const match = route.pattern.exec(rest);
      if (!match || route.method !== ctx.method) continue;
      let body: Body;
      try {
        body = route.method === 'POST' ? parseJsonObject(await readBody(ctx.req)) : {};
      } catch (error) {
        return send(ctx, { status: 400, body: { error: error instanceof Error ? error.message : String(error) } });
      }
      settle(state);
      const answer = route.run(state, body, match, ctx);
      settle(state);
      return send(ctx, answer);
    }
    return next();
  };
}

function scan(state: SandboxState, body: Body): ControlAnswer {
  const authId = typeof body.authId === 'string' ? body.authId : [...state.authSessions.keys()].at(-1);
  const session = authId ? state.authSessions.get(authId) : undefined;
  if (!session) return error(404, authId ? `no QR ${authId}` : 'no QR has been issued');
  const now = state.now();
  if (session.scannedAt === undefined && session.qrExpiresAt <= now) return error(409, `QR ${session.authId} has expired`);
  recordFaceScan(state, session.authId, now);
  return { status: 200, body: { authId: session.authId, scannedAt: new Date(session.scannedAt ?? now).toISOString() } };
}

/** Ends lifetimes now: tokens, logins, face auths, or unscanned QRs. Whatever already ended stays ended. */
function expire(state: SandboxState, body: Body): ControlAnswer {
  const now = state.now();
  const endNow = (at: number | undefined) => (at === undefined ? undefined : Math.min(at, now));
  switch (body.what) {
    case 'token':
      for (const token of state.tokens.values()) token.expiresAt = Math.min(token.expiresAt, now);
      break;
    case 'login':
      for (const account of state.accounts.values()) account.loginExpiresAt = endNow(account.loginExpiresAt);
      break;
    case 'faceAuth':
      for (const account of state.accounts.values()) account.faceAuthExpiresAt = endNow(account.faceAuthExpiresAt);
      break;
    case 'qr':
      for (const session of state.authSessions.values()) {
        if (session.scannedAt === undefined) session.qrExpiresAt = Math.min(session.qrExpiresAt, now);
      }
      break;
    default:
      return error(400, "what must be 'token', 'login', 'faceAuth' or 'qr'");
  }
  return { status: 200, body: { expired: body.what } };
}

function inject(state: SandboxState, body: Body): ControlAnswer {
  const problem = addInjection(state, body as InjectionRequest);
  return problem ? error(400, problem) : { status: 200, body: { queued: state.injections.length } };
}

function advance(state: SandboxState, body: Body): ControlAnswer {
  const ms = body.ms;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return error(400, 'ms must be a number >= 0');
  state.advance(ms);
  return { status: 200, body: { now: new Date(state.now()).toISOString() } };
}

/** The buyer enters a red-letter confirmation (03) against an issued blue invoice; grossFen absent = all of it. */
function buyerEntersConfirmation(state: SandboxState, body: Body): ControlAnswer {
  const blue = state.blueInvoices.find((invoice) => invoice.fphm === body.blueNumber);
  if (!blue) return error(404, `no blue invoice ${String(body.blueNumber)}`);
  const reason = typeof body.reason === 'string' ? body.reason : RED_REASON_CODE.goodsReturned;
  const plan = planFromGross(state, blue, typeof body.grossFen === 'number' ? body.grossFen : undefined);
  if (!plan.ok) return error(plan.code === 400 ? 400 : 409, plan.message);
  const confirmation = createConfirmation(state, blue, { state: '03', enteredBy: 'buyer', reason, lines: plan.lines });
  return { status: 200, body: confirmationItem(state, confirmation) };
}

/** The buyer answers a seller-entered confirmation (02): agree → 04 and the red invoice; reject → 05. */
function buyerAnswers(state: SandboxState, body: Body, match: RegExpExecArray): ControlAnswer {
  const uuid = decodeURIComponent(match[1] ?? '');
  const confirmation = state.confirmations.get(uuid);
  if (!confirmation) return error(404, `no confirmation ${uuid}`);
  if (confirmation.state !== '02') return error(409, `confirmation ${uuid} is ${confirmation.state}, not 02`);
  if (body.action === 'agree') {
    confirmation.state = '04';
    scheduleRedIssue(state, confirmation);
  } else if (body.action === 'reject') {
    confirmation.state = '05';
  } else {
    return error(400, "action must be 'agree' or 'reject'");
  }
  return { status: 200, body: confirmationItem(state, confirmation) };
}

function calls(state: SandboxState, _body: Body, _match: RegExpExecArray, ctx: Context): ControlAnswer {
  const path = typeof ctx.query.path === 'string' ? ctx.query.path : undefined;
  return { status: 200, body: path ? state.calls.filter((call) => call.path === path) : state.calls };
}

function invoices(state: SandboxState): ControlAnswer {
  return { status: 200, body: { blue: state.blueInvoices, red: state.redInvoices, confirmations: [...state.confirmations.values()] } };
}

function reset(state: SandboxState): ControlAnswer {
  state.reset();
  return { status: 200, body: { reset: true } };
}

function parseJsonObject(text: string): Body {
  if (text.trim() === '') return {};
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('body must be a JSON object');
  return parsed as Body;
}

function error(status: number, message: string): ControlAnswer {
  return { status, body: { error: message } };
}

function send(ctx: Context, answer: ControlAnswer): void {
  ctx.status = answer.status;
  ctx.body = answer.body;
}
