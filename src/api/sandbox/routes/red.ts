import {
  JUMDATA_CODE_MESSAGES,
  RED_CONFIRMATION_STATE_LABELS,
  RED_REASON_CODE,
  formatJumdataDate,
  parseJumdataTime,
} from '../../jumdata/wire.js';
import { badParameter, fail, ok, sessionEndpoint, type EndpointHandler } from '../endpoint.js';
import { createConfirmation, issueRed } from '../issuing.js';
import { planFromHzmx } from '../reversal.js';
import { redListItem, redResultData, redSubmitData } from '../views.js';
import { dateRangeOf, inRange, isReply, pageOf, pagingOf } from './paging.js';

const REASONS: readonly string[] = Object.values(RED_REASON_CODE);
const RED_PAGE_SIZE = 10;

/**
 * red-invoice/submit (billed on 200). The blue invoice is found by number and issue date; the reversal must fit
 * what is left of it (399 otherwise). redMode 'immediate': 01 and issued at once (with redSubmitEmptyData the answer
 * is the document's `data: {}`); 'seller_confirm': 01 with a uuid and no number, waiting for this side's confirm
 * (czlx 1 issues, 3 cancels); 'confirmation': 02, waiting for the buyer (control route
 * /__sandbox/confirmations/:uuid/buyer).
 */
export const redSubmit: EndpointHandler = sessionEndpoint(['lzfphm', 'lzkprq', 'chyydm'], (call) => {
  const { state, params, account } = call;
  const reason = params.chyydm ?? '';
  if (!REASONS.includes(reason)) return badParameter('chyydm 应为 01、02、03 或 04');
  const blueIssuedAt = parseJumdataTime(params.lzkprq ?? '');
  if (blueIssuedAt === undefined) return badParameter('lzkprq 格式应为 yyyy-MM-dd HH:mm:ss');
  const blue = state.findBlue(account.nsrsbh, params.lzfphm ?? '');
  if (!blue || formatJumdataDate(blue.kprq) !== formatJumdataDate(blueIssuedAt)) return fail(399, '蓝字发票不存在');
  const plan = planFromHzmx(state, blue, params.hzmx);
  if (!plan.ok) return fail(plan.code, plan.message);

  const { redMode, redSubmitEmptyData } = state.options;
  if (redMode !== 'immediate') {
    const waitingFor = redMode === 'confirmation' ? '02' : '01';
    const confirmation = createConfirmation(state, blue, { state: waitingFor, enteredBy: 'seller', reason, lines: plan.lines });
    return ok(redSubmitData(confirmation, undefined), { msg: '成功', charge: true });
  }
  const confirmation = createConfirmation(state, blue, { state: '01', enteredBy: 'seller', reason, lines: plan.lines });
  const red = issueRed(state, confirmation);
  return ok(redSubmitEmptyData ? {} : redSubmitData(confirmation, red), { msg: '开具成功', charge: true });
});

/**
 * red-invoice/result: 200 开具成功 with the red invoice; 202 while issuing or while the confirmation waits for a side
 * (02/03, label in msg); 399 once the confirmation is void (label in msg) or unknown.
 */
export const redResult: EndpointHandler = sessionEndpoint(['uuid', 'xsfnsrsbh'], ({ state, params }) => {
  const confirmation = state.confirmations.get(params.uuid ?? '');
  if (!confirmation || confirmation.sellerNsrsbh !== params.xsfnsrsbh) return fail(399, '红字确认单不存在');
  const label = RED_CONFIRMATION_STATE_LABELS[confirmation.state] ?? confirmation.state;
  if (confirmation.redFphm) {
    const red = state.findRed(confirmation.sellerNsrsbh, confirmation.redFphm);
    if (red) return ok(redResultData(red), { msg: '开具成功' });
  }
  if (confirmation.state === '02' || confirmation.state === '03') {
    return fail(202, `${JUMDATA_CODE_MESSAGES[202]}(红字确认单${label})`);
  }
  if (confirmation.state === '01' || confirmation.state === '04') return fail(202);
  return fail(399, `红字确认单${label}`);
});

/** red-invoice/query (billed): the seller's red invoices by issue date, newest first, 10 per page by default. */
export const redQuery: EndpointHandler = sessionEndpoint(['kprqq', 'kprqz'], ({ state, params, account }) => {
  const range = dateRangeOf(params);
  if (isReply(range)) return range;
  const paging = pagingOf(params, RED_PAGE_SIZE);
  if (isReply(paging)) return paging;
  const matches = state.redInvoices
    .filter((invoice) => invoice.sellerNsrsbh === account.nsrsbh && inRange(range, invoice.kprq))
    .sort((a, b) => b.kprq - a.kprq || b.fphm.localeCompare(a.fphm));
  const page = pageOf(matches, paging);
  return ok({ ...page, list: page.list.map(redListItem) }, { charge: true });
});
