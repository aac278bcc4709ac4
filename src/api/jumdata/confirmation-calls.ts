/** Red-letter confirmations: list, detail, and agree / reject / cancel (one `confirm` call with `czlx`). */
import type { Confirmation, ConfirmationAction, RedOutcome, TaxAccount } from '../provider.js';
import { numberOr } from '../shared/wire-values.js';
import { actionFor, issuingOutcomeOf, requireOk } from './codes.js';
import type { CallContext } from './context.js';
import { listData } from './invoice-calls.js';
import { confirmationFromWire, redOutcomeFromConfirm } from './red-data.js';
import { CONFIRMATION_ACTION_CODE, PAGE_PARAM, type ConfirmationWire, type RedSubmitDataWire } from './wire.js';

const PAGE_SIZE = 50;
/** A bound on the paging loop, so a provider that misreports `total` cannot keep us calling. */
const MAX_PAGES = 20;

export async function listConfirmations(ctx: CallContext, account: TaxAccount): Promise<Confirmation[]> {
  const all: Confirmation[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const envelope = requireOk(
      await ctx.session.callWithToken(account, 'confirmationQuery', {
        [PAGE_PARAM.number]: String(page),
        [PAGE_PARAM.size]: String(PAGE_SIZE),
      }),
    );
    const data = listData<ConfirmationWire>(envelope.data);
    all.push(...data.list.map(confirmationFromWire));
    if (data.list.length === 0 || all.length >= numberOr(data.total, all.length)) break;
  }
  return all;
}

export async function confirmationDetail(ctx: CallContext, account: TaxAccount, uuid: string): Promise<Confirmation> {
  // The bot is always the seller side of its account's invoices.
  const envelope = requireOk(
    await ctx.session.callWithToken(account, 'confirmationDetail', { uuid, xsfnsrsbh: account.nsrsbh }),
  );
  return confirmationFromWire(envelope.data as Partial<ConfirmationWire> | undefined);
}

/** Not idempotent: agreeing twice could issue twice. */
export async function actOnConfirmation(
  ctx: CallContext,
  account: TaxAccount,
  uuid: string,
  action: ConfirmationAction,
): Promise<RedOutcome> {
  const envelope = await ctx.session.callWithToken(
    account,
    'confirmationConfirm',
    { uuid, xsfnsrsbh: account.nsrsbh, czlx: CONFIRMATION_ACTION_CODE[action] },
    { idempotent: false },
  );
  if (actionFor(envelope.code).kind !== 'ok') return issuingOutcomeOf(envelope, uuid);
  const data = envelope.data as Partial<RedSubmitDataWire> | undefined;
  if (data && typeof data.hzqrxxztdm === 'string') return redOutcomeFromConfirm(data, uuid);
  // An answer without the new state (the document's sample has no data): read it from the detail.
  const detail = await confirmationDetail(ctx, account, uuid);
  return redOutcomeFromConfirm({ ...data, hzqrxxztdm: detail.state }, uuid);
}
