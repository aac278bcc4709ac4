import { formatJumdataTime } from '../../jumdata/wire.js';
import { badParameter, fail, ok, sessionEndpoint, type EndpointHandler } from '../endpoint.js';
import { parseInvoiceData } from '../invoice-data.js';
import { issueBlueTask } from '../issuing.js';
import { blueListItem } from '../views.js';
import { dateRangeOf, inRange, isReply, pageOf, pagingOf } from './paging.js';

/** The document's sample list shows 50 per page. */
const BLUE_PAGE_SIZE = 50;

/**
 * blue-invoice/submit. A new taskId needs a valid face auth (never → 315, expired → 312) and a valid invoiceData; it
 * answers 202 until issueDelayMs has passed, then 200 with the invoice. The same taskId within 8 hours always answers
 * that same invoice, billed only on its first 200. Past 8 hours the taskId is forgotten (see settle).
 */
export const blueSubmit: EndpointHandler = sessionEndpoint(['taskId', 'invoiceData'], ({ state, params, now, account }) => {
  const taskId = params.taskId ?? '';
  const key = `${account.nsrsbh}|${taskId}`;
  let task = state.blueTasks.get(key);
  if (!task) {
    if (account.faceAuthExpiresAt === undefined) return fail(315);
    if (account.faceAuthExpiresAt <= now) return fail(312);
    const content = parseInvoiceData(params.invoiceData ?? '');
    if (!content.ok) return badParameter(content.message);
    task = {
      key,
      taskId,
      createdAt: now,
      readyAt: now + state.options.issueDelayMs,
      sellerNsrsbh: account.nsrsbh,
      content: content.value,
      charged: false,
    };
    state.blueTasks.set(key, task);
    if (task.readyAt <= now) issueBlueTask(state, task);
  }
  const invoice = task.fphm ? state.findBlue(account.nsrsbh, task.fphm) : undefined;
  if (!invoice) return fail(202);
  const charge = !task.charged;
  task.charged = true;
  return ok({ fphm: invoice.fphm, kprq: formatJumdataTime(invoice.kprq) }, { msg: '开具成功', charge });
});

/** blue-invoice/query (billed): the seller's blue invoices by issue date, number and counterparty, newest first. */
export const blueQuery: EndpointHandler = sessionEndpoint(['kprqq', 'kprqz'], ({ state, params, account }) => {
  const range = dateRangeOf(params);
  if (isReply(range)) return range;
  const paging = pagingOf(params, BLUE_PAGE_SIZE);
  if (isReply(paging)) return paging;
  const { fphm, dfnsrsbh, dfnsrmc } = params;
  const matches = state.blueInvoices
    .filter((invoice) => invoice.sellerNsrsbh === account.nsrsbh && inRange(range, invoice.kprq))
    .filter((invoice) => !fphm || invoice.fphm === fphm)
    .filter((invoice) => !dfnsrsbh || invoice.buyer.gmfnsrsbh === dfnsrsbh)
    .filter((invoice) => !dfnsrmc || invoice.buyer.gmfmc.includes(dfnsrmc))
    .sort((a, b) => b.kprq - a.kprq || b.fphm.localeCompare(a.fphm));
  const page = pageOf(matches, paging);
  return ok({ ...page, list: page.list.map((invoice) => blueListItem(state, invoice)) }, { charge: true });
});
