/**
 * The test and demo handle on the Kingdee simulator, under /__sandbox/ like the jumdata one: JSON in, JSON out.
 * What a person or the clock would do — the clerk's scan in Kingdee's app, a login in its client, the buyer's
 * answer, time passing — and faults, including a create that ends in status 6 once.
 */
import type { Context, Middleware } from 'koa';
import { KINGDEE_PATHS } from '../../kingdee/wire.js';
import { readBody } from '../form.js';
import { invoicePdf } from '../pdf.js';
import { settleKingdee } from './issuing.js';
import { billOf, enterConfirmation, planReversal } from './red.js';
import type { KingdeeSimState, SimInvoice } from './state.js';

type Body = Record<string, unknown>;
type Answer = { status: number; body: unknown };
type Route = { method: 'GET' | 'POST'; pattern: RegExp; run(state: KingdeeSimState, body: Body, match: RegExpExecArray, ctx: Context): Answer };

const PREFIX = '/__sandbox/';

const ROUTES: Route[] = [
  { method: 'POST', pattern: /^scan$/, run: (state) => ((state.auth = 1), answer({ auth: 1 })) },
  { method: 'POST', pattern: /^login$/, run: (state) => ((state.loggedIn = true), answer({ status: true })) },
  { method: 'POST', pattern: /^expire$/, run: expire },
  { method: 'POST', pattern: /^inject$/, run: inject },
  { method: 'POST', pattern: /^advance$/, run: advance },
  { method: 'POST', pattern: /^confirmations$/, run: buyerEntersConfirmation },
  { method: 'POST', pattern: /^confirmations\/([^/]+)\/buyer$/, run: buyerAnswers },
  { method: 'GET', pattern: /^calls$/, run: (state, _body, _match, ctx) => answer(typeof ctx.query.path === 'string' ? state.calls.filter((call) => call.path.endsWith(String(ctx.query.path))) : state.calls) },
  { method: 'GET', pattern: /^invoices$/, run: invoices },
];

export function kingdeeControlMiddleware(state: KingdeeSimState): Middleware {
  return async (ctx, next) => {
    const download = /^\/__sandbox\/download\/([^/]+)\.pdf$/.exec(ctx.path);
    if (download && ctx.method === 'GET') {
      settleKingdee(state);
      const invoice = state.invoice(decodeURIComponent(download[1] ?? ''));
      if (!invoice) return send(ctx, error(404, 'not found'));
      ctx.type = 'application/pdf';
      ctx.body = invoicePdf({ kind: invoice.colour, fphm: invoice.invoiceNo, kprq: invoice.issuedAt, sellerNsrsbh: invoice.salerTaxNo, grossFen: invoice.grossFen });
      return;
    }
    if (!ctx.path.startsWith(PREFIX)) return next();
    const rest = ctx.path.slice(PREFIX.length);
    for (const route of ROUTES) {
      const match = route.pattern.exec(rest);
      if (!match || route.method !== ctx.method) continue;
      let body: Body = {};
      try {
        const text = route.method === 'POST' ? await readBody(ctx.req) : '';
        body = text.trim() === '' ? {} : (JSON.parse(text) as Body);
      } catch (problem) {
        return send(ctx, error(400, problem instanceof Error ? problem.message : String(problem)));
      }
      settleKingdee(state);
      const result = route.run(state, body, match, ctx);
      settleKingdee(state);
      return send(ctx, result);
    }
    return next();
  };
}

/** faceAuth: the clerk's scan lapses (91400 again); login: Kingdee's client loses the bureau login; token: every token ends. */
function expire(state: KingdeeSimState, body: Body): Answer {
  if (body.what === 'faceAuth') state.auth = 0;
  else if (body.what === 'login') state.loggedIn = false;
  else if (body.what === 'token') for (const [token] of state.tokens) state.tokens.set(token, state.now());
  else return error(400, "what must be 'faceAuth', 'login' or 'token'");
  return answer({ expired: body.what });
}

/**
 * `{path?, errcode?, status?: 6, count?, latencyMs?, afterHandling?}`. `path` is a KINGDEE_PATHS key or value; status 6
 * makes the next `count` creates end as "failed, may retry".
 */
function inject(state: KingdeeSimState, body: Body): Answer {
  const count = typeof body.count === 'number' ? body.count : 1;
  if (body.status === 6) {
    state.status6Pending += count;
    return answer({ status6Pending: state.status6Pending });
  }
  const paths = KINGDEE_PATHS as Record<string, string>;
  const path = typeof body.path === 'string' ? (paths[body.path] ?? body.path) : undefined;
  if (path !== undefined && !Object.values(paths).includes(path)) return error(400, `unknown path ${String(body.path)}`);
  const errcode = typeof body.errcode === 'string' ? body.errcode : undefined;
  const latencyMs = typeof body.latencyMs === 'number' ? body.latencyMs : 0;
  if (errcode === undefined && latencyMs === 0 && !body.afterHandling) return error(400, 'give an errcode, a latencyMs or afterHandling');
  state.injections.push({ ...(path ? { path } : {}), ...(errcode ? { errcode } : {}), ...(body.afterHandling ? { afterHandling: true } : {}), latencyMs, remaining: count });
  return answer({ queued: state.injections.length });
}

function advance(state: KingdeeSimState, body: Body): Answer {
  if (typeof body.ms !== 'number' || !(body.ms >= 0)) return error(400, 'ms must be a number >= 0');
  state.advance(body.ms);
  return answer({ now: new Date(state.now()).toISOString() });
}

/** The buyer enters a confirmation (03) against a blue invoice; grossFen absent = all that is left. */
function buyerEntersConfirmation(state: KingdeeSimState, body: Body): Answer {
  const blue = state.invoices.find((invoice) => invoice.colour === 'blue' && invoice.invoiceNo === body.blueNumber);
  if (!blue) return error(404, `no blue invoice ${String(body.blueNumber)}`);
  const items = typeof body.grossFen === 'number' ? [{ blueInvoiceItemIndex: 1, totalAmount: -body.grossFen / 100 }] : undefined;
  const plan = planReversal(state, blue, items);
  if (!plan.ok) return error(409, plan.reply.description ?? '');
  const confirmation = enterConfirmation(state, blue, plan.lines, { state: '03', reason: typeof body.reason === 'string' ? body.reason : '02', enteredBy: '1' });
  return answer(billOf(state, confirmation));
}

/** The buyer answers our 02: agree → 04 (ready to issue), reject → 05. */
function buyerAnswers(state: KingdeeSimState, body: Body, match: RegExpExecArray): Answer {
  const confirmation = state.confirmations.get(decodeURIComponent(match[1] ?? ''));
  if (!confirmation) return error(404, 'no such confirmation');
  if (confirmation.state !== '02') return error(409, `confirmation is ${confirmation.state}, not 02`);
  if (body.action === 'agree') confirmation.state = '04';
  else if (body.action === 'reject') confirmation.state = '05';
  else return error(400, "action must be 'agree' or 'reject'");
  return answer(billOf(state, confirmation));
}

function invoices(state: KingdeeSimState): Answer {
  const view = (invoice: SimInvoice) => ({ ...invoice, fphm: invoice.invoiceNo });
  return answer({
    blue: state.invoices.filter((invoice) => invoice.colour === 'blue').map(view),
    red: state.invoices.filter((invoice) => invoice.colour === 'red').map(view),
    confirmations: [...state.confirmations.values()],
    serials: [...state.serials.values()].map(({ serialNo, status }) => ({ serialNo, status })),
  });
}

const answer = (body: unknown): Answer => ({ status: 200, body });
const error = (status: number, message: string): Answer => ({ status, body: { error: message } });

function send(ctx: Context, result: Answer): void {
  ctx.status = result.status;
  ctx.body = result.body;
}
