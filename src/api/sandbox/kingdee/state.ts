/**
 * The simulated Kingdee cloud and bureau, in memory: tokens, the clerk's login and face auth, serialNos and their
 * status, issued invoices, red-letter confirmations, injected faults and the call log. Time-driven changes (a
 * serialNo finishing, a confirmation lapsing after 72 h) are applied by `settle`.
 */
import { formatChinaDate } from '../../../china-time.js';
import type { InvoiceCreateWire } from '../../kingdee/wire.js';
import type { ResolvedKingdeeOptions } from './options.js';

export interface SimLine {
  /** 1-based. */
  index: number;
  goodsName: string;
  goodsCode?: string;
  specModel?: string;
  unit?: string;
  num?: string;
  unitPrice?: string;
  /** As sent: "0.06". */
  taxRate: string;
  netFen: number;
  taxFen: number;
}

export interface SimInvoice {
  colour: 'blue' | 'red';
  invoiceNo: string;
  issuedAt: number;
  serialNo: string;
  invoiceType: string;
  salerTaxNo: string;
  salerName: string;
  buyerName: string;
  buyerTaxNo?: string;
  netFen: number;
  taxFen: number;
  grossFen: number;
  lines: SimLine[];
  /** Red: the blue invoice and the confirmation. */
  originalInvoiceNo?: string;
  confirmUuid?: string;
}

export interface SimSerial {
  serialNo: string;
  status: '1' | '2' | '6';
  readyAt: number;
  body: InvoiceCreateWire;
  invoice?: SimInvoice;
  description?: string;
}

export interface SimConfirmation {
  uuid: string;
  billNo: string;
  enteredAt: number;
  state: string;
  reason: string;
  /** 0 seller, 1 buyer. */
  enteredBy: '0' | '1';
  blueNo: string;
  /** Negative amounts, per blue line. */
  lines: SimLine[];
  redNo?: string;
}

export interface SimInjection {
  /** A KINGDEE_PATHS value; absent = any business call. */
  path?: string;
  errcode?: string;
  /** The call is handled, then its answer is lost (replaced by `errcode`, or a dropped connection without one). */
  afterHandling?: boolean;
  latencyMs: number;
  remaining: number;
}

export interface SimCall {
  at: string;
  path: string;
  errcode: string;
  /** The decrypted `data`, as the simulated provider read it. */
  data: unknown;
}

export class KingdeeSimState {
  readonly tokens = new Map<string, number>();
  readonly serials = new Map<string, SimSerial>();
  readonly invoices: SimInvoice[] = [];
  readonly confirmations = new Map<string, SimConfirmation>();
  injections: SimInjection[] = [];
  readonly calls: SimCall[] = [];
  loggedIn: boolean;
  /** -1 no invoicing right, 0 face auth needed, 1 authenticated. */
  auth: number;
  /** Creates still to end in status 6 (failed, may retry) instead of issuing. */
  status6Pending = 0;
  listeningUrl: string | undefined;
  private clockOffsetMs = 0;
  private counter = 0;

  constructor(readonly options: ResolvedKingdeeOptions) {
    this.loggedIn = options.loggedIn;
    this.auth = options.faceAuthNeeded ? 0 : 1;
  }

  now(): number {
    return this.options.now() + this.clockOffsetMs;
  }

  advance(ms: number): void {
    this.clockOffsetMs += ms;
  }

  publicUrl(origin: string): string {
    return this.options.publicUrl ?? this.listeningUrl ?? origin;
  }

  /** 20-digit 数电 number: year, a fixed part, a counter shared by both colours. */
  nextInvoiceNumber(at: number): string {
    this.counter += 1;
    return `${formatChinaDate(at).slice(2, 4)}44200000${String(this.counter).padStart(10, '0')}`;
  }

  invoice(invoiceNo: string): SimInvoice | undefined {
    return this.invoices.find((invoice) => invoice.invoiceNo === invoiceNo);
  }
}
