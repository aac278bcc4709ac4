/** The simulator's in-memory records. Times are epoch ms of the sandbox clock; money is integer fen. */
import type { InvoiceDataWire, InvoiceLineWire } from '../jumdata/wire.js';

export interface AccountRecord {
  key: string;
  nsrsbh: string;
  dq: string;
  gryhm: string;
  loginExpiresAt?: number;
  /** Undefined: never face-authenticated (315); in the past: expired (312). */
  faceAuthExpiresAt?: number;
}

export interface SmsTaskRecord {
  id: string;
  accountKey: string;
  expiresAt: number;
}

export interface TokenRecord {
  token: string;
  accountKey: string;
  expiresAt: number;
}

export interface AuthSessionRecord {
  authId: string;
  accountKey: string;
  app: string;
  createdAt: number;
  qrExpiresAt: number;
  scannedAt?: number;
}

/** A line as received (wire fields kept as sent, codes unchecked), with its amounts in fen. */
export type InvoiceLineRecord = Omit<InvoiceLineWire, 'je' | 'se' | 'fphxz' | 'hsbz'> & {
  fphxz: string;
  hsbz: string;
  /** Without tax. */
  netFen: number;
  taxFen: number;
  grossFen: number;
};

export type BuyerRecord = Pick<InvoiceDataWire, 'gmfmc' | 'gmfnsrsbh' | 'gmfdz' | 'gmfdh' | 'gmfyh' | 'gmfzh' | 'gmfyx'> & {
  gmfzrrbz: string;
};

/** What a valid invoiceData describes, before it is issued. */
export interface InvoiceContent {
  fplxdm: string;
  buyer: BuyerRecord;
  bz?: string;
  lines: InvoiceLineRecord[];
  netFen: number;
  taxFen: number;
  grossFen: number;
}

export interface BlueInvoiceRecord extends InvoiceContent {
  kind: 'blue';
  fphm: string;
  kprq: number;
  taskId: string;
  sellerNsrsbh: string;
  sellerName: string;
}

/** Amounts of a red invoice and its lines are negative, as the bureau prints them. */
export interface RedInvoiceRecord extends InvoiceContent {
  kind: 'red';
  fphm: string;
  kprq: number;
  confirmationUuid: string;
  blueFphm: string;
  sellerNsrsbh: string;
  sellerName: string;
}

export interface BlueTaskRecord {
  /** nsrsbh + taskId: the dedupe key. */
  key: string;
  taskId: string;
  createdAt: number;
  readyAt: number;
  sellerNsrsbh: string;
  content: InvoiceContent;
  fphm?: string;
  /** The first 200 for the task is billed, the later ones are not. */
  charged: boolean;
}

/** One reversed blue line, in fen, signed as on the blue invoice (a discount line is negative). */
export interface ReversalLineRecord {
  xh: number;
  netFen: number;
  taxFen: number;
}

export interface ConfirmationRecord {
  uuid: string;
  /** hzqrxxztdm 01–09. */
  state: string;
  enteredBy: 'seller' | 'buyer';
  enteredAt: number;
  sellerNsrsbh: string;
  blueFphm: string;
  reason: string;
  lines: ReversalLineRecord[];
  /** When the red invoice is (to be) issued; set once both sides agree or none needs to. */
  issueAt?: number;
  redFphm?: string;
}

export interface InjectionRecord {
  code?: number;
  remaining: number;
  latencyMs: number;
  /** A JUMDATA_PATHS value; absent = any call. */
  path?: string;
  /** The call is handled first; the fault replaces (or delays) its answer. */
  afterHandling?: boolean;
}

export interface CallLogEntry {
  at: string;
  path: string;
  code: number;
  charge: boolean;
  params: Record<string, string>;
}
