import { formatJumdataDate } from '../jumdata/wire.js';
import type { ResolvedSandboxOptions } from './options.js';
import type {
  AccountRecord,
  AuthSessionRecord,
  BlueInvoiceRecord,
  BlueTaskRecord,
  CallLogEntry,
  ConfirmationRecord,
  InjectionRecord,
  RedInvoiceRecord,
  SmsTaskRecord,
  TokenRecord,
} from './records.js';

/**
 * The simulated bureau and provider, all in memory: accounts and their login / face-auth lifetimes, tokens, QR
 * sessions, blue tasks (taskId dedupe), issued invoices, red-letter confirmations, injected faults and the call log.
 * Time-driven transitions (auto-pass, delayed issuing, 72 h expiry, dedupe expiry) are applied by `settle`.
 */
export class SandboxState {
  readonly accounts = new Map<string, AccountRecord>();
  readonly smsTasks = new Map<string, SmsTaskRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  /** Insertion order: the last one is the latest QR. */
  readonly authSessions = new Map<string, AuthSessionRecord>();
  readonly blueTasks = new Map<string, BlueTaskRecord>();
  readonly blueInvoices: BlueInvoiceRecord[] = [];
  readonly redInvoices: RedInvoiceRecord[] = [];
  readonly confirmations = new Map<string, ConfirmationRecord>();
  injections: InjectionRecord[] = [];
  readonly calls: CallLogEntry[] = [];
  /** Set by startSandbox once listening, unless options.publicUrl is given. */
  listeningUrl: string | undefined;
  private clockOffsetMs = 0;
  private invoiceCounter = 0;

  constructor(readonly options: ResolvedSandboxOptions) {}

  /** The bureau's clock: the configured clock plus whatever /__sandbox/advance added. */
  now(): number {
    return this.options.now() + this.clockOffsetMs;
  }

  advance(ms: number): void {
    this.clockOffsetMs += ms;
  }

  /** Where links (QR image, download page) point: the option, else the listening URL, else the caller's origin. */
  publicUrl(requestOrigin: string): string {
    return this.options.publicUrl ?? this.listeningUrl ?? requestOrigin;
  }

  /** 20-digit 数电 number: 2-digit year, a fixed bureau part, then a counter shared by blue and red invoices. */
  nextInvoiceNumber(at: number): string {
    this.invoiceCounter += 1;
    const year = formatJumdataDate(at).slice(2, 4);
    return `${year}33200000${String(this.invoiceCounter).padStart(10, '0')}`;
  }

  account(nsrsbh: string, gryhm: string): AccountRecord | undefined {
    return this.accounts.get(accountKey(nsrsbh, gryhm));
  }

  accountOrCreate(nsrsbh: string, dq: string, gryhm: string): AccountRecord {
    const key = accountKey(nsrsbh, gryhm);
    let account = this.accounts.get(key);
    if (!account) {
      account = { key, nsrsbh, dq, gryhm };
      this.accounts.set(key, account);
    }
    return account;
  }

  findBlue(sellerNsrsbh: string, fphm: string): BlueInvoiceRecord | undefined {
    return this.blueInvoices.find((invoice) => invoice.fphm === fphm && invoice.sellerNsrsbh === sellerNsrsbh);
  }

  findRed(sellerNsrsbh: string, fphm: string): RedInvoiceRecord | undefined {
    return this.redInvoices.find((invoice) => invoice.fphm === fphm && invoice.sellerNsrsbh === sellerNsrsbh);
  }

  /** Forgets everything, the clock offset included; options stay. */
  reset(): void {
    this.accounts.clear();
    this.smsTasks.clear();
    this.tokens.clear();
    this.authSessions.clear();
    this.blueTasks.clear();
    this.blueInvoices.length = 0;
    this.redInvoices.length = 0;
    this.confirmations.clear();
    this.injections = [];
    this.calls.length = 0;
    this.clockOffsetMs = 0;
    this.invoiceCounter = 0;
  }
}

export function accountKey(nsrsbh: string, gryhm: string): string {
  return `${nsrsbh}|${gryhm}`;
}

/** The simulated seller's name, shaped like the document's sample (纳税人名称5658119). */
export function sellerNameOf(nsrsbh: string): string {
  return `纳税人名称${nsrsbh.slice(-7)}`;
}
