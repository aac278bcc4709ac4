/**
 * Red letters at the simulated bureau: red/apply enters a confirmation (01 ready to issue, or 02 waiting for the
 * buyer), never more than is left of the blue invoice; the red create must match a ready confirmation exactly.
 */
import { Decimal } from 'decimal.js';
import { formatChinaTime } from '../../../china-time.js';
import type { ConfirmBillWire, InvoiceCreateWire, RedApplyItemWire } from '../../kingdee/wire.js';
import { yuanToFen } from '../../shared/money-wire.js';
import { newConfirmationUuid } from '../ids.js';
import { badArgument, bureauRefuses, clerkNotReady, ok, type SimCallContext, type SimReply } from './reply.js';
import type { KingdeeSimState, SimConfirmation, SimInvoice, SimLine } from './state.js';

const VOID = new Set(['05', '06', '07', '08', '09', '10']);
const yuan = (fenValue: number) => new Decimal(fenValue).div(100).toNumber();

/** What is left of each blue line after every confirmation that is not void. */
function leftPerLine(state: KingdeeSimState, blue: SimInvoice): Map<number, { netFen: number; taxFen: number }> {
  const left = new Map(blue.lines.map((line) => [line.index, { netFen: line.netFen, taxFen: line.taxFen }]));
  for (const confirmation of state.confirmations.values()) {
    if (confirmation.blueNo !== blue.invoiceNo || VOID.has(confirmation.state)) continue;
    for (const line of confirmation.lines) {
      const entry = left.get(line.index);
      if (entry) left.set(line.index, { netFen: entry.netFen + line.netFen, taxFen: entry.taxFen + line.taxFen });
    }
  }
  return left;
}

type Plan = { ok: true; lines: SimLine[] } | { ok: false; reply: SimReply };

/** Negative lines: the whole rest, or each asked gross split at the blue line's own ratio. */
export function planReversal(state: KingdeeSimState, blue: SimInvoice, items: RedApplyItemWire[] | undefined): Plan {
  const left = leftPerLine(state, blue);
  const lines: SimLine[] = [];
  const asked = items && items.length > 0 ? items : undefined;
  for (const line of blue.lines) {
    const rest = left.get(line.index)!;
    const item = asked?.find((candidate) => candidate.blueInvoiceItemIndex === line.index);
    if (asked && !item) continue;
    let grossFen = rest.netFen + rest.taxFen;
    if (item) {
      const wanted = Math.abs(yuanToFen(item.totalAmount));
      if (wanted > grossFen) return { ok: false, reply: bureauRefuses(`第${line.index}行可红冲金额不足`) };
      grossFen = wanted;
    }
    if (grossFen <= 0) continue;
    const taxFen = grossFen === rest.netFen + rest.taxFen ? rest.taxFen : Math.round((grossFen * line.taxFen) / (line.netFen + line.taxFen));
    lines.push({ ...line, netFen: -(grossFen - taxFen), taxFen: -taxFen });
  }
  if (asked?.some((item) => !blue.lines.some((line) => line.index === item.blueInvoiceItemIndex))) {
    return { ok: false, reply: badArgument('items.blueInvoiceItemIndex 不存在') };
  }
  if (lines.length === 0) return { ok: false, reply: bureauRefuses('蓝票没有可红冲的金额') };
  return { ok: true, lines };
}

export function enterConfirmation(state: KingdeeSimState, blue: SimInvoice, lines: SimLine[], init: Pick<SimConfirmation, 'state' | 'reason' | 'enteredBy'>): SimConfirmation {
  const confirmation: SimConfirmation = {
    uuid: newConfirmationUuid(),
    billNo: `${blue.salerTaxNo.slice(0, 6)}${String(state.confirmations.size + 1).padStart(9, '0')}`,
    enteredAt: state.now(),
    blueNo: blue.invoiceNo,
    lines,
    ...init,
  };
  state.confirmations.set(confirmation.uuid, confirmation);
  return confirmation;
}

export function redApply({ state, data, taxNo }: SimCallContext): SimReply {
  const notReady = clerkNotReady(state);
  if (notReady) return notReady;
  const blue = state.invoices.find((invoice) => invoice.colour === 'blue' && invoice.invoiceNo === data.originalEtaxInvoiceNo && invoice.salerTaxNo === taxNo);
  if (!blue) return bureauRefuses('未查询到原蓝字发票');
  if (typeof data.originalInvoiceDate !== 'string' || data.originalInvoiceDate.slice(0, 10) !== formatChinaTime(blue.issuedAt).slice(0, 10)) {
    return bureauRefuses('原蓝票开票日期不正确');
  }
  if (!['01', '02', '03', '04'].includes(String(data.redReason))) return badArgument('redReason 只能为 01–04');
  const plan = planReversal(state, blue, data.items as RedApplyItemWire[] | undefined);
  if (!plan.ok) return plan.reply;
  const confirmation = enterConfirmation(state, blue, plan.lines, {
    state: state.options.redMode === 'confirmation' ? '02' : '01',
    reason: String(data.redReason),
    enteredBy: '0',
  });
  return ok(billOf(state, confirmation));
}

/** A confirmation as the client source's transformConfirmDetail prints it. */
export function billOf(state: KingdeeSimState, confirmation: SimConfirmation): ConfirmBillWire {
  const blue = state.invoice(confirmation.blueNo)!;
  const red = confirmation.redNo ? state.invoice(confirmation.redNo) : undefined;
  const netFen = confirmation.lines.reduce((total, line) => total + line.netFen, 0);
  const taxFen = confirmation.lines.reduce((total, line) => total + line.taxFen, 0);
  return {
    govRedConfirmBillUuid: confirmation.uuid,
    redConfirmBillNo: confirmation.billNo,
    redConfirmEnterDate: formatChinaTime(confirmation.enteredAt),
    redConfirmBillStatus: confirmation.state,
    redReason: confirmation.reason,
    enterIdentity: confirmation.enteredBy,
    buyerName: blue.buyerName,
    ...(blue.buyerTaxNo ? { buyerTaxNo: blue.buyerTaxNo } : {}),
    salerName: blue.salerName,
    salerTaxNo: blue.salerTaxNo,
    redInvoiceNo: red?.invoiceNo ?? '',
    redInvoiceDate: red ? formatChinaTime(red.issuedAt) : '',
    redInvoiceAmount: yuan(netFen),
    redTaxAmount: yuan(taxFen),
    blueInvoiceType: Number(blue.invoiceType),
    blueInvoiceNo: blue.invoiceNo,
    blueInvoiceDate: formatChinaTime(blue.issuedAt),
    items: confirmation.lines.map((line) => ({
      blueInvoiceItemIndex: line.index,
      index: line.index,
      goodsName: line.goodsName,
      ...(line.goodsCode ? { goodsCode: line.goodsCode } : {}),
      ...(line.unit ? { unit: line.unit } : {}),
      detailAmount: yuan(line.netFen),
      taxAmount: yuan(line.taxFen),
      taxRate: Number(line.taxRate),
    })),
  };
}

/** A red create must name a confirmation ready to issue, not yet issued, and match it to the fen. */
export function redCreateProblem(state: KingdeeSimState, body: InvoiceCreateWire, netFen: number, taxFen: number): SimReply | undefined {
  const confirmation = body.govRedConfirmBillUuid ? state.confirmations.get(body.govRedConfirmBillUuid) : undefined;
  if (!confirmation) return bureauRefuses('红字确认单不存在');
  if (confirmation.state !== '01' && confirmation.state !== '04') return bureauRefuses(`红字确认单状态为 ${confirmation.state}，不能开具`);
  if (confirmation.redNo) return bureauRefuses('该红字确认单已开具红字发票');
  if (body.originalEtaxInvoiceNo !== confirmation.blueNo) return badArgument('originalEtaxInvoiceNo 与红字确认单不一致');
  if (body.redConfirmBillNo !== confirmation.billNo) return badArgument('redConfirmBillNo 与红字确认单不一致');
  const wantNet = confirmation.lines.reduce((total, line) => total + line.netFen, 0);
  const wantTax = confirmation.lines.reduce((total, line) => total + line.taxFen, 0);
  if (netFen !== wantNet || taxFen !== wantTax) return badArgument('红字发票金额与红字确认单不一致');
  return undefined;
}

function confirmationOf(state: KingdeeSimState, data: SimCallContext['data'], taxNo: string): SimConfirmation | SimReply {
  const uuid = data.govRedConfirmBillUuid;
  if (typeof uuid !== 'string' || uuid === '') return badArgument('确认单id不能为空');
  const confirmation = state.confirmations.get(uuid);
  if (!confirmation || state.invoice(confirmation.blueNo)?.salerTaxNo !== taxNo) return bureauRefuses('红字确认单不存在');
  return confirmation;
}

export function confirmBillDetail({ state, data, taxNo }: SimCallContext): SimReply {
  const confirmation = confirmationOf(state, data, taxNo);
  return 'errcode' in confirmation ? confirmation : ok(billOf(state, confirmation));
}

export function confirmBillQuery({ state, data, taxNo }: SimCallContext): SimReply {
  const from = String(data.startDate ?? '');
  const to = String(data.endDate ?? '');
  const page = Number(data.page ?? 1);
  const pageSize = Number(data.pageSize ?? 50);
  if (pageSize > 50) return badArgument('最大分页值不能超过50');
  const all = [...state.confirmations.values()].filter((confirmation) => {
    const day = formatChinaTime(confirmation.enteredAt).slice(0, 10);
    return state.invoice(confirmation.blueNo)?.salerTaxNo === taxNo && day >= from && day <= to;
  });
  const items = all.slice((page - 1) * pageSize, page * pageSize).map((confirmation) => billOf(state, confirmation));
  return ok(items, { totalElement: all.length, pageNo: page, pageSize });
}

/** Y / N on a confirmation the buyer entered (03). */
export function confirmBillUpdate({ state, data, taxNo }: SimCallContext): SimReply {
  const confirmation = confirmationOf(state, data, taxNo);
  if ('errcode' in confirmation) return confirmation;
  if (data.confirmationType !== 'Y' && data.confirmationType !== 'N') return badArgument('红字确认单确认类型‘confirmationType’限制为Y或N');
  if (confirmation.state !== '03') return bureauRefuses(`红字确认单状态为 ${confirmation.state}，不能确认`);
  confirmation.state = data.confirmationType === 'Y' ? '04' : '06';
  return ok({ govRedConfirmBillUuid: confirmation.uuid, redConfirmBillStatus: confirmation.state });
}

/** Cancels our own confirmation before a red invoice exists. */
export function confirmBillRevoke({ state, data, taxNo }: SimCallContext): SimReply {
  const confirmation = confirmationOf(state, data, taxNo);
  if ('errcode' in confirmation) return confirmation;
  if (confirmation.enteredBy !== '0' || confirmation.redNo || !['01', '02', '04'].includes(confirmation.state)) {
    return bureauRefuses(`红字确认单状态为 ${confirmation.state}，不能撤销`);
  }
  confirmation.state = '08';
  return ok({ govRedConfirmBillUuid: confirmation.uuid, redConfirmBillStatus: confirmation.state });
}
