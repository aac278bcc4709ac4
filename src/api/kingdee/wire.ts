/**
 * Kingdee 发票云 v4 on the wire: every path, the envelope, the errcodes and the shapes of `data`, in one place.
 * Sources (shared/design/providers.md): the seed (`invoice/create` and its fields), the provider's public conventions
 * (token, AES, query string), and a public source of Kingdee's own tax client (result, download, account status,
 * 91400, red apply, confirmation detail). Everything else is marked **decided**: when the real answer is known, this
 * table is the only thing that changes. The client and the simulator both read it.
 */

export const KINGDEE_PATHS = {
  /** `{client_id, sign, timestamp}` → `{errcode, access_token, expires_in}`; the one call without a token. */
  token: '/base/oauth/token',
  /** The seed: async, answers `data.serialNo`; 91400 when the clerk's face scan has lapsed. */
  invoiceCreate: '/fpdk/etax/bill/invoice/create',
  /** Public client source: the result by `serialNo`. */
  invoiceStatus: '/fpdk/etax/openInvoice/status/query',
  /** Public client source: a file link by `invoiceNo` + `invoiceDate` + `fileType`. */
  invoiceDownload: '/fpdk/etax/open/invoice/download',
  /** Public client source: `{status: logged in?, auth: -1 | 0 | 1}`. */
  accountStatus: '/fpdk/etax/account/status',
  /** Public client source: enters a red-letter confirmation (红字确认单) as the seller. */
  redApply: '/fpdk/etax/bill/invoice/red/apply',
  /** Public client source: one confirmation by its bureau uuid. */
  confirmBillDetail: '/fpdk/etax/red/confirmBill/detail/query',
  /** decided: the client source has the handler (`queryOpenedInvoices`: paged list of issued invoices), no public path. */
  invoiceQuery: '/fpdk/etax/open/invoice/query',
  /** decided: the client source has the handler (`queryConfirmBills`), no public path. */
  confirmBillQuery: '/fpdk/etax/red/confirmBill/query',
  /** decided: the client source has the handler (`updateRedConfirmBill`, confirmationType Y / N), no public path. */
  confirmBillUpdate: '/fpdk/etax/red/confirmBill/update',
  /** decided: the client source has the handler (`revokeRedConfirmBill`), no public path. */
  confirmBillRevoke: '/fpdk/etax/red/confirmBill/revoke',
} as const;

export type KingdeeEndpoint = keyof typeof KINGDEE_PATHS;

/** Production base (providers.md); the test base is `https://api-dev.piaozone.com/test`. */
export const KINGDEE_DEFAULT_BASE_URL = 'https://api.piaozone.com';

/** Every answer: `{errcode, description, data?}`; `data` is not encrypted. */
export interface KingdeeEnvelope<T = unknown> {
  errcode: string;
  description: string;
  data?: T;
  /** Fields beside `data`: the token answer's `access_token` / `expires_in`, a list's paging. */
  beside?: Record<string, unknown>;
}

/**
 * What the client does with each errcode. `0000` and `91400` are documented, `0001` (argsErr) is in the public client
 * source; the rest are **decided** (the provider's list is not public). Any code not here is the provider or the
 * bureau refusing: its Chinese `description` goes to the chat as it is.
 */
export const KingdeeCode = {
  Ok: '0000',
  BadArguments: '0001',
  FaceAuthTimedOut: '91400',
  /** decided */
  NotLoggedIn: '91300',
  /** decided */
  TokenInvalid: '1001',
  /** decided: `sign` or `client_id` wrong. */
  CredentialsRejected: '1002',
  /** decided */
  NotEnabled: '1003',
  /** decided */
  IpNotWhitelisted: '1004',
  /** decided */
  TooFrequent: '1005',
  /** decided: a `serialNo` that is already being issued or was issued. */
  SerialNoTaken: '91600',
  /** decided */
  SystemBusy: '9999',
} as const;

/** The provider's wording for each code, used by the simulator and when `description` is empty. */
export const KINGDEE_CODE_MESSAGES: Record<string, string> = {
  '0000': '成功',
  '0001': '参数错误',
  '91400': '扫脸认证已超时, 请先进行人脸认证',
  '91300': '电子税局未登录,请先在发票云客户端登录',
  '1001': 'access_token无效或已过期',
  '1002': '签名错误或client_id不存在',
  '1003': '接口未开通',
  '1004': 'IP不在白名单',
  '1005': '请求过于频繁,请稍后再试',
  '91600': '开票流水号已存在',
  '9999': '系统繁忙,请稍后再试',
};

/** `status` of the result query (public client source). The query answers 6 for a serialNo it has never seen. */
export const InvoiceStatus = {
  Issued: '1',
  Issuing: '2',
  Failed: '3',
  NumberMixUp: '4',
  DataCheckFailed: '5',
  FailedMayRetry: '6',
} as const;

export const INVOICE_STATUS_LABELS: Record<string, string> = {
  '3': '开具异常',
  '4': '开票串号',
  '5': '校验开票数据异常',
  '6': '开具失败',
};

/** `invoiceType`: 26 数电普票, 27 数电专票 (the seed). */
export const INVOICE_TYPE_CODE = { normal: '26', special: '27' } as const;

/** `type` of invoice/create: 0 blue, 1 red (the seed). */
export const INVOICE_COLOUR_CODE = { blue: 0, red: 1 } as const;

/** `fileType` of the download (public client source): 1 OFD, 2 PDF, 3 XML. */
export const FILE_TYPE_PDF = 2;

/** `fpdkType` of invoice/create: "星瀚调用使用4,其他系统调用使用3" (the seed). */
export const FPDK_TYPE_OTHER = 3;

/** `auth` of account/status (public client source). */
export const AccountAuth = { NoInvoicingRight: -1, FaceAuthNeeded: 0, Authenticated: 1 } as const;

/** `serialNo` is at most 20 characters (the seed). */
export const SERIAL_NO_MAX_LENGTH = 20;

// ---- request and answer shapes ----

/** Token answer; providers.md prints the fields at the top level, other answers of the provider nest them in `data`. */
export interface TokenAnswerWire {
  errcode?: string;
  description?: string;
  access_token?: string;
  /** Seconds. */
  expires_in?: number | string;
  data?: { access_token?: string; expires_in?: number | string };
}

/** One line of invoice/create (the seed). Amounts are yuan JSON numbers; `num` and `unitPrice` decimal strings. */
export interface InvoiceItemWire {
  goodsName: string;
  goodsCode?: string;
  specModel?: string;
  unit?: string;
  num?: string;
  /** Tax-exclusive, as `taxFlag` 0 requires. */
  unitPrice?: string;
  detailAmount: number;
  taxRate: number;
  taxAmount: number;
}

/** invoice/create (the seed), the fields this bot sends. Header totals: tax-exclusive amount, tax, and their sum. */
export interface InvoiceCreateWire {
  fpdkType: number;
  serialNo: string;
  type: 0 | 1;
  /** 0: amounts exclude tax — the only value supported. */
  taxFlag: 0;
  paperInvoiceType: 1;
  invoiceType: string;
  invoiceAmount: number;
  totalTaxAmount: number;
  totalAmount: number;
  salerTaxNo: string;
  salerName?: string;
  buyerName: string;
  buyerTaxNo?: string;
  buyerAddress?: string;
  buyerFixedTelephone?: string;
  buyerCardName?: string;
  buyerCardNumber?: string;
  buyerEmail?: string;
  naturalPersonFlag: 'Y' | 'N';
  remark?: string;
  items: InvoiceItemWire[];
  // Red only (type 1): the original invoice and the confirmation.
  originalInvoiceNo?: string;
  originalEtaxInvoiceNo?: string;
  originalInvoiceDate?: string;
  govRedConfirmBillUuid?: string;
  redConfirmBillNo?: string;
  redConfirmEnterDate?: string;
  redReason?: string;
}

/** The result query's `data` (public client source); `status` may come as a number or a string. */
export interface InvoiceStatusWire {
  serialNo?: string;
  invoiceCode?: string;
  invoiceNo?: string;
  invoiceDate?: string;
  pdfUrl?: string;
  ofdUrl?: string;
  xmlUrl?: string;
  status?: string | number;
  govSerialNo?: string;
  /** decided: the reason of a status 3–6, when the provider gives one. */
  description?: string;
}

export interface DownloadWire {
  url?: string;
}

export interface AccountStatusWire {
  status?: boolean;
  auth?: number;
}

/**
 * red/apply `items` (decided): the blue line (1-based) and the tax-inclusive amount to reverse, negative, as yuan;
 * absent = the whole invoice. The bureau splits each amount at the blue line's own rate.
 */
export interface RedApplyItemWire {
  blueInvoiceItemIndex: number;
  totalAmount: number;
}

/** red/apply (providers.md). */
export interface RedApplyWire {
  salerTaxNo: string;
  originalEtaxInvoiceNo: string;
  originalInvoiceDate: string;
  redReason: string;
  items?: RedApplyItemWire[];
}

/**
 * A confirmation as the client source's `transformConfirmDetail` / `queryConfirmBills` print it; red/apply answers
 * the first three fields at least (providers.md), and — decided — `redConfirmBillStatus` too.
 */
export interface ConfirmBillWire {
  govRedConfirmBillUuid?: string;
  redConfirmBillNo?: string;
  redConfirmEnterDate?: string;
  /** 01–10, bureau-wide (10: void, abnormal voucher). */
  redConfirmBillStatus?: string;
  redReason?: string;
  /** 0 seller, 1 buyer. */
  enterIdentity?: string | number;
  buyerName?: string;
  buyerTaxNo?: string;
  salerName?: string;
  salerTaxNo?: string;
  /** The red invoice issued from it, once there is one. */
  redInvoiceNo?: string;
  redInvoiceDate?: string;
  /** Net and tax of the reversal, negative yuan. */
  redInvoiceAmount?: number | string;
  redTaxAmount?: number | string;
  blueInvoiceType?: number | string;
  blueInvoiceNo?: string;
  blueInvoiceDate?: string;
  items?: ConfirmBillItemWire[];
}

export interface ConfirmBillItemWire {
  blueInvoiceItemIndex?: number;
  index?: number;
  goodsName?: string;
  specModel?: string;
  unit?: string;
  num?: string | number;
  unitPrice?: string | number;
  /** Negative yuan. */
  detailAmount?: number | string;
  taxAmount?: number | string;
  taxRate?: number | string;
  goodsCode?: string;
}

/** The paged lists (client source: `data` is the array, the paging beside it). decided: also inside `data.list`. */
export interface PagedWire<T> {
  data?: T[] | { list?: T[]; totalElement?: number };
  totalElement?: number;
  pageNo?: number;
  pageSize?: number;
}

/** One item of the invoice list (client source `queryOpenInvoices`). Red invoices carry negative amounts. */
export interface InvoiceListItemWire {
  invoiceNo?: string;
  etaxInvoiceNo?: string;
  invoiceType?: number | string;
  buyerTaxNo?: string;
  buyerName?: string;
  salerTaxNo?: string;
  salerName?: string;
  totalAmount?: number | string;
  totalTaxAmount?: number | string;
  invoiceAmount?: number | string;
  invoiceDate?: string;
}

/** Request of the invoice list (client source): dates `yyyy-MM-dd`, at most 50 a page. */
export interface InvoiceQueryWire {
  startDate: string;
  endDate: string;
  invoiceNo?: string;
  buyerTaxNo?: string;
  buyerName?: string;
  page: number;
  pageSize: number;
}

/** decided: request of the confirmation list, the bureau's filters as the client source names them. */
export interface ConfirmBillQueryWire {
  salerTaxNo: string;
  startDate: string;
  endDate: string;
  page: number;
  pageSize: number;
}

/** Update (client source): Y agree, N refuse a confirmation the buyer entered. */
export const CONFIRMATION_TYPE = { agree: 'Y', reject: 'N' } as const;

/** How far back the confirmation list looks (the bureau voids unconfirmed bills after 72 h; issued ones stay). */
export const CONFIRMATION_LOOKBACK_DAYS = 366;
