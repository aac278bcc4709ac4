/**
 * Red invoices on Kingdee: `red/apply` enters a confirmation (not idempotent: the only call here that is not), and
 * the red invoice/create for it is keyed by a serialNo derived from the confirmation's uuid — so `redResult(uuid)`
 * creates it the first time and only polls after that, however often it runs. Red invoices are read back from the
 * confirmations: a confirmation carries the red invoice issued from it.
 */
import { formatChinaDate } from '../../china-time.js';
import type {
  Confirmation,
  ConfirmationAction,
  InvoiceQuery,
  IssuedInvoice,
  Page,
  RedOutcome,
  RedRequest,
  TaxAccount,
} from '../provider.js';
import { readAllPages } from './all-pages.js';
import { requireOk, waitingOutcomeOf } from './codes.js';
import type { KingdeeContext } from './context.js';
import { issuedFromStatus } from './invoice-data.js';
import { pageOf } from './paging.js';
import { billState, billUuid, confirmationFromBill, redInvoiceOfBill, toRedApplyWire, toRedCreateWire } from './red-data.js';
import { redSerialNo } from './serial-no.js';
import { issueOnce } from './serial-issue.js';
import { CONFIRMATION_LOOKBACK_DAYS, CONFIRMATION_TYPE, type ConfirmBillQueryWire, type ConfirmBillWire } from './wire.js';

const DAY_MS = 86_400_000;
const PAGE_SIZE = 50;

/** Not idempotent: a repeat after a lost answer could enter a second confirmation. The flow looks first. */
export async function submitRed(ctx: KingdeeContext, account: TaxAccount, request: RedRequest): Promise<RedOutcome> {
  const envelope = await ctx.call('redApply', account, toRedApplyWire(request, account), { idempotent: false });
  const waiting = waitingOutcomeOf(envelope);
  if (waiting) return waiting;
  const bill = requireOk(envelope).data as ConfirmBillWire | undefined;
  const uuid = billUuid(bill);
  // An answer without the state: the confirmation itself says.
  const state = bill?.redConfirmBillStatus === undefined ? billState(await billOf(ctx, account, uuid)) : billState(bill);
  // 01 / 04: ready to issue — redResult creates the red invoice on its first poll.
  if (state === '01' || state === '04') return { status: 'in_progress', uuid };
  return { status: 'awaiting_confirmation', uuid, state };
}

/** Creates the red invoice of confirmation `uuid` once, then polls it. */
export async function redResult(ctx: KingdeeContext, account: TaxAccount, uuid: string): Promise<RedOutcome> {
  const step = await issueOnce<RedOutcome>(ctx, account, redSerialNo(uuid), async () => {
    const bill = await billOf(ctx, account, uuid);
    // Issued already (another way, or an earlier serialNo): adopt it rather than create.
    const issued = redInvoiceOfBill(bill);
    if (issued) return { answer: { status: 'issued', invoice: issued } };
    const state = billState(bill);
    if (state !== '01' && state !== '04') return { answer: { status: 'awaiting_confirmation', uuid, state } };
    return { create: toRedCreateWire(bill, account, redSerialNo(uuid)) };
  });
  if (step.kind === 'issuing') return { status: 'in_progress', uuid };
  if (step.kind === 'answer') return step.answer;
  return { status: 'issued', invoice: { ...issuedFromStatus(step.result), confirmationUuid: uuid } };
}

async function billOf(ctx: KingdeeContext, account: TaxAccount, uuid: string): Promise<ConfirmBillWire> {
  const envelope = requireOk(
    await ctx.call('confirmBillDetail', account, { govRedConfirmBillUuid: uuid, salerTaxNo: account.nsrsbh }),
  );
  const bill = envelope.data as ConfirmBillWire | undefined;
  billUuid(bill);
  return bill!;
}

export async function confirmationDetail(ctx: KingdeeContext, account: TaxAccount, uuid: string): Promise<Confirmation> {
  return confirmationFromBill(await billOf(ctx, account, uuid));
}

/** Every confirmation of the seller entered within the look-back, oldest pages first. */
async function allBills(ctx: KingdeeContext, account: TaxAccount): Promise<ConfirmBillWire[]> {
  const today = ctx.now();
  return readAllPages(async (page) => {
    const request: ConfirmBillQueryWire = {
      salerTaxNo: account.nsrsbh,
      startDate: formatChinaDate(today - CONFIRMATION_LOOKBACK_DAYS * DAY_MS),
      endDate: formatChinaDate(today),
      page,
      pageSize: PAGE_SIZE,
    };
    return pageOf<ConfirmBillWire>(requireOk(await ctx.call('confirmBillQuery', account, request)), page, PAGE_SIZE);
  });
}

export async function listConfirmations(ctx: KingdeeContext, account: TaxAccount): Promise<Confirmation[]> {
  return (await allBills(ctx, account)).map(confirmationFromBill);
}

/** Red invoices in the range, read from the confirmations they were issued from (each knows its blue invoice). */
export async function queryRed(ctx: KingdeeContext, account: TaxAccount, query: InvoiceQuery): Promise<Page<IssuedInvoice>> {
  const reds = (await allBills(ctx, account))
    .map(redInvoiceOfBill)
    .filter((red): red is IssuedInvoice => red !== undefined)
    .filter((red) => {
      const day = red.issuedAt.slice(0, 10);
      return day >= query.from && day <= query.to && (!query.number || red.number === query.number);
    });
  // Already read to the end: one page holds them all.
  return { items: reds, total: reds.length, page: 1, pageSize: Math.max(reds.length, 1) };
}

/**
 * 确认开具 / 同意并开具 (agree: confirm a buyer's 03, then create the red invoice by its serialNo), 拒绝 (reject a
 * buyer's) or 撤销 (cancel our own). Agreeing again is harmless: the state and the serialNo are looked at first.
 */
export async function actOnConfirmation(
  ctx: KingdeeContext,
  account: TaxAccount,
  uuid: string,
  action: ConfirmationAction,
): Promise<RedOutcome> {
  const keys = { govRedConfirmBillUuid: uuid, salerTaxNo: account.nsrsbh };
  if (action === 'agree') {
    const state = billState(await billOf(ctx, account, uuid));
    if (state === '03') {
      const envelope = await ctx.call('confirmBillUpdate', account, { ...keys, confirmationType: CONFIRMATION_TYPE.agree }, { idempotent: false });
      const waiting = waitingOutcomeOf(envelope);
      if (waiting) return waiting;
      requireOk(envelope);
    }
    return redResult(ctx, account, uuid);
  }
  const envelope =
    action === 'reject'
      ? await ctx.call('confirmBillUpdate', account, { ...keys, confirmationType: CONFIRMATION_TYPE.reject }, { idempotent: false })
      : await ctx.call('confirmBillRevoke', account, keys, { idempotent: false });
  const waiting = waitingOutcomeOf(envelope);
  if (waiting) return waiting;
  const answered = requireOk(envelope).data as ConfirmBillWire | undefined;
  const bill = answered?.redConfirmBillStatus === undefined ? await billOf(ctx, account, uuid) : { ...answered, govRedConfirmBillUuid: uuid };
  return { status: 'awaiting_confirmation', uuid, state: billState(bill) };
}
