/**
 * invoice/create and its result: a new (or status-6) serialNo is accepted at once and issued `issueDelayMs` later;
 * a serialNo in use answers 91600 and changes nothing, so the same serialNo never issues twice.
 */
import { formatChinaTime } from '../../../china-time.js';
import { SERIAL_NO_MAX_LENGTH, type InvoiceCreateWire } from '../../kingdee/wire.js';
import { readAmounts } from './lines.js';
import { badArgument, clerkNotReady, ok, refuse, type SimCallContext, type SimReply } from './reply.js';
import { redCreateProblem } from './red.js';
import type { KingdeeSimState, SimInvoice, SimSerial } from './state.js';

export function createInvoice({ state, data, now, taxNo }: SimCallContext): SimReply {
  const notReady = clerkNotReady(state);
  if (notReady) return notReady;
  const body = data as unknown as InvoiceCreateWire;
  const serialNo = body.serialNo;
  if (typeof serialNo !== 'string' || serialNo === '' || serialNo.length > SERIAL_NO_MAX_LENGTH) {
    return badArgument(`serialNo 必填且不超过 ${SERIAL_NO_MAX_LENGTH} 位`);
  }
  if (body.type !== 0 && body.type !== 1) return badArgument('开票类型错误，请检查!');
  if (body.taxFlag !== 0) return badArgument('taxFlag 目前只支持不含税: 0');
  if (body.invoiceType !== '26' && body.invoiceType !== '27') return badArgument('invoiceType 只能为 26 或 27');
  if (body.salerTaxNo !== taxNo) return badArgument('salerTaxNo 与账号税号不一致');
  if (!body.buyerName) return badArgument('buyerName 不能为空');
  if (body.naturalPersonFlag !== 'Y' && !body.buyerTaxNo) return badArgument('非自然人购方必须填写 buyerTaxNo');
  const existing = state.serials.get(serialNo);
  if (existing && existing.status !== '6') return refuse('91600');
  const amounts = readAmounts(body);
  if (!amounts.ok) return badArgument(amounts.problem);
  if (body.type === 1) {
    const problem = redCreateProblem(state, body, amounts.netFen, amounts.taxFen);
    if (problem) return problem;
  }
  const failing = state.status6Pending > 0;
  if (failing) state.status6Pending -= 1;
  const serial: SimSerial = failing
    ? { serialNo, status: '6', readyAt: now, body, description: '税局响应超时，可使用原流水号重试' }
    : { serialNo, status: '2', readyAt: now + state.options.issueDelayMs, body };
  state.serials.set(serialNo, serial);
  settleKingdee(state);
  return ok({ serialNo });
}

/** Issues every serialNo whose time has come, and lapses buyer-pending confirmations after 72 h. */
export function settleKingdee(state: KingdeeSimState): void {
  const now = state.now();
  for (const serial of state.serials.values()) {
    if (serial.status === '2' && serial.readyAt <= now) issue(state, serial, serial.readyAt);
  }
  for (const confirmation of state.confirmations.values()) {
    if (confirmation.state === '02' && now - confirmation.enteredAt > 72 * 3600_000) confirmation.state = '07';
  }
}

function issue(state: KingdeeSimState, serial: SimSerial, at: number): void {
  const { body } = serial;
  const amounts = readAmounts(body);
  if (!amounts.ok) return;
  const invoice: SimInvoice = {
    colour: body.type === 1 ? 'red' : 'blue',
    invoiceNo: state.nextInvoiceNumber(at),
    issuedAt: at,
    serialNo: serial.serialNo,
    invoiceType: body.invoiceType,
    salerTaxNo: body.salerTaxNo,
    salerName: state.options.sellerName,
    buyerName: body.buyerName,
    ...(body.buyerTaxNo ? { buyerTaxNo: body.buyerTaxNo } : {}),
    netFen: amounts.netFen,
    taxFen: amounts.taxFen,
    grossFen: amounts.netFen + amounts.taxFen,
    lines: amounts.lines,
    ...(body.type === 1 ? { originalInvoiceNo: body.originalEtaxInvoiceNo, confirmUuid: body.govRedConfirmBillUuid } : {}),
  };
  state.invoices.push(invoice);
  serial.status = '1';
  serial.invoice = invoice;
  const confirmation = invoice.confirmUuid ? state.confirmations.get(invoice.confirmUuid) : undefined;
  if (confirmation) confirmation.redNo = invoice.invoiceNo;
}

/** The client source answers status 6 for a serialNo it has never seen. */
export function invoiceStatus({ state, data, origin }: SimCallContext): SimReply {
  const serialNo = data.serialNo;
  if (typeof serialNo !== 'string' || serialNo === '') return badArgument('开票流水号不能为空');
  const serial = state.serials.get(serialNo);
  const invoice = serial?.invoice;
  return ok({
    serialNo,
    invoiceCode: '',
    invoiceNo: invoice?.invoiceNo ?? '',
    invoiceDate: invoice ? formatChinaTime(invoice.issuedAt) : '',
    pdfUrl: invoice ? pdfUrl(state, origin, invoice.invoiceNo) : '',
    ofdUrl: '',
    xmlUrl: '',
    status: serial?.status ?? '6',
    govSerialNo: '',
    ...(serial?.description ? { description: serial.description } : {}),
  });
}

export function pdfUrl(state: KingdeeSimState, origin: string, invoiceNo: string): string {
  return `${state.publicUrl(origin)}/__sandbox/download/${encodeURIComponent(invoiceNo)}.pdf`;
}
