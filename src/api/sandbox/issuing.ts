import { newConfirmationUuid } from './ids.js';
import type {
  BlueInvoiceRecord,
  BlueTaskRecord,
  ConfirmationRecord,
  InvoiceLineRecord,
  RedInvoiceRecord,
  ReversalLineRecord,
} from './records.js';
import { sellerNameOf, type SandboxState } from './state.js';

/** Issues the blue invoice of a task whose time has come; kprq is the moment it became ready. */
export function issueBlueTask(state: SandboxState, task: BlueTaskRecord): BlueInvoiceRecord {
  const fphm = state.nextInvoiceNumber(task.readyAt);
  const invoice: BlueInvoiceRecord = {
    kind: 'blue',
    ...task.content,
    fphm,
    kprq: task.readyAt,
    taskId: task.taskId,
    sellerNsrsbh: task.sellerNsrsbh,
    sellerName: sellerNameOf(task.sellerNsrsbh),
  };
  state.blueInvoices.push(invoice);
  task.fphm = fphm;
  return invoice;
}

export function createConfirmation(
  state: SandboxState,
  blue: BlueInvoiceRecord,
  fields: { state: string; enteredBy: 'seller' | 'buyer'; reason: string; lines: ReversalLineRecord[] },
): ConfirmationRecord {
  const confirmation: ConfirmationRecord = {
    uuid: newConfirmationUuid(),
    ...fields,
    enteredAt: state.now(),
    sellerNsrsbh: blue.sellerNsrsbh,
    blueFphm: blue.fphm,
  };
  state.confirmations.set(confirmation.uuid, confirmation);
  return confirmation;
}

/** Both sides agree (or none needs to): the red invoice comes issueDelayMs later, at once when that is 0. */
export function scheduleRedIssue(state: SandboxState, confirmation: ConfirmationRecord): RedInvoiceRecord | undefined {
  confirmation.issueAt = state.now() + state.options.issueDelayMs;
  return confirmation.issueAt <= state.now() ? issueRed(state, confirmation) : undefined;
}

export function issueRed(state: SandboxState, confirmation: ConfirmationRecord): RedInvoiceRecord {
  const blue = state.findBlue(confirmation.sellerNsrsbh, confirmation.blueFphm);
  if (!blue) throw new Error(`sandbox: confirmation ${confirmation.uuid} points at a missing blue invoice`);
  const kprq = confirmation.issueAt ?? state.now();
  const lines = confirmation.lines.map((reversed) => negatedLine(blue, reversed));
  const netFen = lines.reduce((total, line) => total + line.netFen, 0);
  const taxFen = lines.reduce((total, line) => total + line.taxFen, 0);
  const red: RedInvoiceRecord = {
    kind: 'red',
    fphm: state.nextInvoiceNumber(kprq),
    kprq,
    confirmationUuid: confirmation.uuid,
    blueFphm: blue.fphm,
    sellerNsrsbh: blue.sellerNsrsbh,
    sellerName: blue.sellerName,
    fplxdm: blue.fplxdm,
    buyer: blue.buyer,
    lines,
    netFen,
    taxFen,
    grossFen: netFen + taxFen,
  };
  state.redInvoices.push(red);
  confirmation.redFphm = red.fphm;
  return red;
}

function negatedLine(blue: BlueInvoiceRecord, reversed: ReversalLineRecord): InvoiceLineRecord {
  const original = blue.lines.find((line) => line.xh === reversed.xh);
  if (!original) throw new Error(`sandbox: blue ${blue.fphm} has no line ${reversed.xh}`);
  const { spsl: _quantity, ...kept } = original;
  return {
    ...kept,
    netFen: -reversed.netFen,
    taxFen: -reversed.taxFen,
    grossFen: -(reversed.netFen + reversed.taxFen),
  };
}
