/**
 * The neutral language between the bot and any tax API provider (jumdata, Kingdee, the sandbox).
 * Nothing here knows a wire format; nothing outside `api/` knows anything else.
 * Money is always integer fen; rates are integer permille (6% = 60); dates are local `YYYY-MM-DD[ HH:mm:ss]`.
 */

export type ProviderName = 'jumdata' | 'kingdee' | 'sandbox';

/** The seller's tax-bureau account that invoices are issued under. */
export interface TaxAccount {
  /** 纳税人识别号 of the seller. */
  nsrsbh: string;
  /** 地区编码 (region code of the tax bureau). */
  dq: string;
  /** Bureau login name: ID card number, phone number or user name. */
  gryhm: string;
  /** Bureau password; only the login call sends it. */
  password?: string;
  /** Phone number that receives the SMS login code. */
  phone?: string;
}

/** 普票 (数电普通发票, jumdata fplxdm 82) or 专票 (数电专用发票, fplxdm 81). */
export type InvoiceKind = 'normal' | 'special';

export interface Buyer {
  name: string;
  /** Absent for a natural person. */
  taxId?: string;
  naturalPerson: boolean;
  address?: string;
  phone?: string;
  bankName?: string;
  bankAccount?: string;
  email?: string;
}

/** One line item, already validated and with its tax computed. */
export interface InvoiceLine {
  /** 项目名称 (spmc). */
  name: string;
  /** 19-digit 税收分类编码; the provider or bureau default applies when absent. */
  taxCode?: string;
  spec?: string;
  unit?: string;
  /** Decimal string, up to 13 decimals. */
  quantity?: string;
  /** Tax-inclusive unit price, decimal string, up to 13 decimals. */
  unitPrice?: string;
  /** Tax rate in permille: 60 = 6%, 130 = 13%, 15 = 1.5%. */
  ratePermille: number;
  /** Tax-inclusive amount of the line, fen. */
  grossFen: number;
  /** Tax of the line, fen. */
  taxFen: number;
  /** Amount without tax, fen (grossFen − taxFen). */
  netFen: number;
}

/** A blue invoice ready to send: validated, taxes computed, totals equal to the sums of the lines. */
export interface InvoiceDraft {
  kind: InvoiceKind;
  buyer: Buyer;
  lines: InvoiceLine[];
  remark?: string;
  /** 合计金额 (hjje), fen. */
  netFen: number;
  /** 合计税额 (hjse), fen. */
  taxFen: number;
  /** 价税合计 (jshj), fen. */
  grossFen: number;
}

/** An invoice the bureau has issued. */
export interface IssuedInvoice {
  /** 20-digit 数电发票号码 (fphm). */
  number: string;
  /** 开票日期 `YYYY-MM-DD HH:mm:ss` as the bureau returned it. */
  issuedAt: string;
  /** 价税合计, fen; negative for a red invoice. */
  grossFen?: number;
  netFen?: number;
  taxFen?: number;
  buyerName?: string;
  buyerTaxId?: string;
  sellerName?: string;
  sellerTaxId?: string;
  kind?: InvoiceKind;
  /** For a red invoice: the blue invoice it reverses. */
  blueNumber?: string;
  /** Red-letter confirmation uuid, when one was used. */
  confirmationUuid?: string;
}

/** What a call that could issue an invoice came back with. */
export type IssueOutcome =
  | { status: 'issued'; invoice: IssuedInvoice }
  /**
   * The bureau is still working: call again later with the same taskId / uuid. A red submit sets `uuid`: the
   * confirmation to poll with `redResult`.
   */
  | { status: 'in_progress'; uuid?: string }
  /** The clerk must scan a face-auth QR code first (jumdata 312 / 315). */
  | { status: 'needs_face_auth'; message: string }
  /** The bureau session is gone: log in again (jumdata 302). */
  | { status: 'needs_login'; message: string };

/** Red-letter confirmation state (hzqrxxztdm), bureau-wide codes 01–09. */
export type ConfirmationState = '01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09';

/** 红冲原因 (chyydm): 01 开票有误, 02 销货退回, 03 服务中止, 04 销售折让. */
export type RedReason = '01' | '02' | '03' | '04';

/** A partial-reversal line: which blue line and how much of it, as negative-free magnitudes in fen. */
export interface RedLine {
  /** 1-based line number on the blue invoice (xh). */
  lineNo: number;
  grossFen: number;
  quantity?: string;
}

export interface RedRequest {
  blueNumber: string;
  /** Blue invoice issue time `YYYY-MM-DD HH:mm:ss`. */
  blueIssuedAt: string;
  reason: RedReason;
  /** Empty or absent: reverse the whole invoice. */
  lines?: RedLine[];
}

/** What a red submit came back with. */
export type RedOutcome =
  | IssueOutcome
  /**
   * A confirmation exists and no red invoice yet: 02 waits for the buyer, 05–09 are void, and any other state waits
   * for this side to issue (agree) or cancel it.
   */
  | { status: 'awaiting_confirmation'; uuid: string; state: ConfirmationState }
  /** Success with neither a number nor a uuid (the document's own `data: {}`): issued; look the red invoice up. */
  | { status: 'issued_unknown' };

export interface Confirmation {
  uuid: string;
  state: ConfirmationState;
  /** Who entered it: the seller or the buyer (lrfsf 0 / 1). */
  enteredBy: 'seller' | 'buyer';
  sellerTaxId: string;
  sellerName?: string;
  buyerTaxId?: string;
  buyerName?: string;
  blueNumber?: string;
  /** Amounts of the reversal, fen, negative as the bureau reports them. */
  grossFen?: number;
  netFen?: number;
  taxFen?: number;
  enteredAt?: string;
  reason?: RedReason;
}

/** czlx: 1 agree (or confirm one's own) and issue, 2 reject, 3 cancel. */
export type ConfirmationAction = 'agree' | 'reject' | 'cancel';

export interface DateRange {
  /** `YYYY-MM-DD`, inclusive. */
  from: string;
  /** `YYYY-MM-DD`, inclusive. */
  to: string;
}

export interface InvoiceQuery extends DateRange {
  number?: string;
  counterpartyTaxId?: string;
  counterpartyName?: string;
  page?: number;
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type LoginOutcome =
  | { status: 'logged_in'; expiresAt?: Date }
  /** An SMS code was sent to the account's phone; finish with `verifyLoginCode`. */
  | { status: 'sms_sent'; smsTaskId: string };

/** Which app the clerk scans the face-auth QR with (jumdata `app`: 1 个税 App, 2 税务 App). */
export type FaceAuthApp = 'personal_tax' | 'tax_bureau';

export interface FaceAuthChallenge {
  authId: string;
  /** PNG bytes of the QR code, when the provider sent the image itself. */
  qrPng?: Buffer;
  /** A URL of the QR image, when the provider sent one. */
  qrUrl?: string;
  /**
   * No QR at all: the clerk scans in the provider's own app or client, as this text says (Kingdee). The bot then
   * only polls `faceAuthResult` until the scan is done.
   */
  where?: string;
  app: FaceAuthApp;
}

export type FaceAuthResult = 'passed' | 'pending' | 'expired';

/** What the provider knows of the bureau session, for `状态` and the expiry warnings. */
export interface SessionState {
  loggedIn: boolean;
  loginExpiresAt?: Date;
  tokenExpiresAt?: Date;
  faceAuthValid: boolean;
  faceAuthExpiresAt?: Date;
}

/** Call counters, for `状态` and the benchmarks: every HTTP call, and those the provider billed (`charge`). */
export interface ProviderStats {
  calls: number;
  billedCalls: number;
}

/** What a provider does itself and what it leaves to its own app or client, for 登录, 认证 and 状态. */
export interface ProviderCapabilities {
  /** The provider's name in chat, e.g. 金蝶发票云. */
  label: string;
  /**
   * The bureau login (and its SMS code) goes through this API. False: the provider's own client keeps the login;
   * `login` only checks it (logged_in, or LoginRequired saying where to log in) and `verifyLoginCode` is refused.
   */
  bureauLogin: boolean;
}

export interface TaxProvider {
  readonly name: ProviderName;
  /** Absent: everything through the API, as jumdata does (SMS login, face-auth QR). */
  readonly capabilities?: ProviderCapabilities;

  /** Starts a bureau login. 200 → logged in; 202 → an SMS code is on its way. */
  login(account: TaxAccount): Promise<LoginOutcome>;
  /** Finishes an SMS login. */
  verifyLoginCode(account: TaxAccount, smsTaskId: string, code: string): Promise<LoginOutcome>;
  /** Login, token and face-auth state; never throws for "not logged in". */
  sessionState(account: TaxAccount): Promise<SessionState>;
  /** Fetches a new API token now, before the current one runs out; its expiry. LoginRequired without a login. */
  refreshToken(account: TaxAccount): Promise<Date>;

  startFaceAuth(account: TaxAccount, app: FaceAuthApp): Promise<FaceAuthChallenge>;
  faceAuthResult(account: TaxAccount, authId: string, app: FaceAuthApp): Promise<FaceAuthResult>;

  /**
   * Submits (or re-polls) a blue invoice. The same `taskId` always means the same invoice:
   * the provider dedupes on it, so calling again after a crash or a 202 never issues twice.
   */
  issueBlue(account: TaxAccount, taskId: string, draft: InvoiceDraft): Promise<IssueOutcome>;
  queryBlue(account: TaxAccount, query: InvoiceQuery): Promise<Page<IssuedInvoice>>;

  submitRed(account: TaxAccount, request: RedRequest): Promise<RedOutcome>;
  /** Polls a red invoice that is being issued from confirmation `uuid`. */
  redResult(account: TaxAccount, uuid: string): Promise<RedOutcome>;
  queryRed(account: TaxAccount, query: InvoiceQuery): Promise<Page<IssuedInvoice>>;

  listConfirmations(account: TaxAccount): Promise<Confirmation[]>;
  confirmationDetail(account: TaxAccount, uuid: string): Promise<Confirmation>;
  actOnConfirmation(account: TaxAccount, uuid: string, action: ConfirmationAction): Promise<RedOutcome>;

  /** The bureau's download page for an issued invoice. */
  downloadUrl(account: TaxAccount, invoiceNumber: string, issuedAt: string): Promise<string>;

  stats(): ProviderStats;
  close(): Promise<void>;
}

/** Why a provider call failed, coded so that workflows act on it without parsing messages. */
export enum ProviderErrorCode {
  /** 301: the login name or phone is unknown to the bureau. */
  AccountUnknown = 'account_unknown',
  /** 302 outside an issuing call: the bureau login is gone. */
  LoginRequired = 'login_required',
  /** 312 / 315 outside an issuing call: face auth is missing or expired. */
  FaceAuthRequired = 'face_auth_required',
  /** 399: the bureau refused; its message is shown as is. */
  BureauRefused = 'bureau_refused',
  /** 400: parameters the provider rejected. */
  BadRequest = 'bad_request',
  /** 404: wrong endpoint — the base URL or path table is wrong. */
  EndpointNotFound = 'endpoint_not_found',
  /** 500 / 501 / network failure that outlasted the retry budget. */
  Unavailable = 'unavailable',
  /** 606 / 609 that outlasted the retry budget. */
  RateLimited = 'rate_limited',
  /** 601 / 604: the endpoint is not enabled for this app. */
  NotEnabled = 'not_enabled',
  /** 602: the provider account is disabled. */
  AccountDisabled = 'account_disabled',
  /** 607: this server's IP is not whitelisted. */
  IpNotWhitelisted = 'ip_not_whitelisted',
  /** 303 again right after a fresh token, or no token could be had. */
  TokenRejected = 'token_rejected',
  /** The SMS login code was wrong or expired. */
  LoginCodeRejected = 'login_code_rejected',
  /** An answer the client does not understand. */
  Protocol = 'protocol',
  /** The provider tried and failed to issue (Kingdee status 3–5); its reason is shown as it is. */
  IssueFailed = 'issue_failed',
}

/** Who can do something about an error. */
export type ProviderErrorCategory =
  /** Transient: trying again later may work. */
  | 'retryable'
  /** The chat user can fix it (log in, scan, correct the data). */
  | 'user'
  /** The admin must fix the deployment (credentials, whitelist, base URL). */
  | 'config';

const CATEGORY: Record<ProviderErrorCode, ProviderErrorCategory> = {
  [ProviderErrorCode.AccountUnknown]: 'user',
  [ProviderErrorCode.LoginRequired]: 'user',
  [ProviderErrorCode.FaceAuthRequired]: 'user',
  [ProviderErrorCode.BureauRefused]: 'user',
  [ProviderErrorCode.BadRequest]: 'user',
  [ProviderErrorCode.LoginCodeRejected]: 'user',
  [ProviderErrorCode.IssueFailed]: 'user',
  [ProviderErrorCode.EndpointNotFound]: 'config',
  [ProviderErrorCode.NotEnabled]: 'config',
  [ProviderErrorCode.AccountDisabled]: 'config',
  [ProviderErrorCode.IpNotWhitelisted]: 'config',
  [ProviderErrorCode.TokenRejected]: 'config',
  [ProviderErrorCode.Unavailable]: 'retryable',
  [ProviderErrorCode.RateLimited]: 'retryable',
  [ProviderErrorCode.Protocol]: 'retryable',
};

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly category: ProviderErrorCategory;

  constructor(
    readonly code: ProviderErrorCode,
    /** Human-readable, Chinese where the provider or bureau said it; safe to show in chat (never holds secrets). */
    message: string,
    /** The provider's own return code, when there was one. */
    readonly providerCode?: number | string,
  ) {
    super(message);
    this.category = CATEGORY[code];
  }

  get retryable(): boolean {
    return this.category === 'retryable';
  }
}
