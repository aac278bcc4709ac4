import { CONFIRMATION_ACTION_CODE, RED_CONFIRMATION_STATE_LABELS } from '../../jumdata/wire.js';
import { badParameter, fail, ok, sessionEndpoint, type EndpointHandler, type Reply } from '../endpoint.js';
import { scheduleRedIssue } from '../issuing.js';
import type { ConfirmationRecord } from '../records.js';
import type { SandboxState } from '../state.js';
import { confirmationDetail, confirmationItem, redSubmitData } from '../views.js';
import { isReply, pageOf, pagingOf } from './paging.js';

const CONFIRMATION_PAGE_SIZE = 10;

/** red-confirmation/query (billed): confirmations where the caller is seller or buyer, newest first. */
export const confirmationQuery: EndpointHandler = sessionEndpoint([], ({ state, params, account }) => {
  const paging = pagingOf(params, CONFIRMATION_PAGE_SIZE);
  if (isReply(paging)) return paging;
  const mine = [...state.confirmations.values()]
    .filter((confirmation) => confirmation.sellerNsrsbh === account.nsrsbh || buyerOf(state, confirmation) === account.nsrsbh)
    .sort((a, b) => b.enteredAt - a.enteredAt);
  const page = pageOf(mine, paging);
  return ok({ ...page, list: page.list.map((confirmation) => confirmationItem(state, confirmation)) }, { charge: true });
});

/** red-confirmation/detail (billed): the list item plus its lines; unknown uuid → 399. */
export const confirmationDetailEndpoint: EndpointHandler = sessionEndpoint(['uuid', 'xsfnsrsbh'], ({ state, params }) => {
  const confirmation = findConfirmation(state, params.uuid, params.xsfnsrsbh);
  if (isReply(confirmation)) return confirmation;
  return ok(confirmationDetail(state, confirmation), { charge: true });
});

/**
 * red-confirmation/confirm with czlx (billed on 200). Legal moves, as the seller:
 * 03 (buyer entered) + 1 agree → 04 and the red invoice is issued; 03 + 2 reject → 06; 02 (own entry) + 3 cancel → 08;
 * an own entry waiting for this side (01 with no red invoice yet, redMode 'seller_confirm') + 1 → 04 and issued,
 * + 3 → 08. Everything else → 399 确认单状态不允许此操作.
 */
export const confirmationConfirm: EndpointHandler = sessionEndpoint(['uuid', 'xsfnsrsbh', 'czlx'], ({ state, params }) => {
  const action = params.czlx ?? '';
  if (!(Object.values(CONFIRMATION_ACTION_CODE) as string[]).includes(action)) return badParameter('czlx 应为 1、2 或 3');
  const confirmation = findConfirmation(state, params.uuid, params.xsfnsrsbh);
  if (isReply(confirmation)) return confirmation;
  const from = confirmation.state;
  const ownWaiting =
    from === '01' && confirmation.enteredBy === 'seller' && !confirmation.redFphm && confirmation.issueAt === undefined;
  if ((from === '03' || ownWaiting) && action === CONFIRMATION_ACTION_CODE.agree) {
    confirmation.state = '04';
    const red = scheduleRedIssue(state, confirmation);
    return ok(redSubmitData(confirmation, red), { msg: red ? '开具成功' : '成功', charge: true });
  }
  if (from === '03' && action === CONFIRMATION_ACTION_CODE.reject) return moveTo(confirmation, '06');
  if ((from === '02' || ownWaiting) && action === CONFIRMATION_ACTION_CODE.cancel) return moveTo(confirmation, '08');
  const label = RED_CONFIRMATION_STATE_LABELS[from] ?? from;
  return fail(399, `确认单状态不允许此操作(当前状态: ${from} ${label})`);
});

function moveTo(confirmation: ConfirmationRecord, to: string): Reply {
  confirmation.state = to;
  return ok(redSubmitData(confirmation, undefined), { msg: '成功', charge: true });
}

function findConfirmation(state: SandboxState, uuid: string | undefined, seller: string | undefined): ConfirmationRecord | Reply {
  const confirmation = state.confirmations.get(uuid ?? '');
  if (!confirmation || confirmation.sellerNsrsbh !== seller) return fail(399, '红字确认单不存在');
  return confirmation;
}

function buyerOf(state: SandboxState, confirmation: ConfirmationRecord): string | undefined {
  return state.findBlue(confirmation.sellerNsrsbh, confirmation.blueFphm)?.buyer.gmfnsrsbh;
}
