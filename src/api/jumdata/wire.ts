/**
 * jumdata v3 on the wire: every path, the envelope and the return codes, in one place.
 * Paths marked "decided" are not in the provider document (see shared/design/providers.md): when the real
 * answer is known, this table is the only thing that changes. The client and the sandbox simulator both read it.
 */

export const JUMDATA_PATH_PREFIX = '/tax/v3/makeout/';

export const JUMDATA_PATHS = {
  /** decided: start a login; 200 logged in, 202 SMS sent (data.validateCodeSmsTaskId). */
  loginSubmit: 'login/submit',
  /** decided: finish an SMS login with the code. */
  loginVerify: 'login/verify',
  /** decided: is the bureau login alive (200) or gone (302). */
  loginStatus: 'login/status',
  /** decided: a token for the business calls (data.token, data.expireTime). */
  loginToken: 'login/token',
  authQrcode: 'auth/qrcode',
  authResult: 'auth/result',
  /** decided: 200 认证有效 / 315 未认证或认证已过期. */
  authStatus: 'auth/status',
  blueSubmit: 'blue-invoice/submit',
  blueQuery: 'blue-invoice/query',
  redSubmit: 'red-invoice/submit',
  redResult: 'red-invoice/result',
  redQuery: 'red-invoice/query',
  confirmationQuery: 'red-confirmation/query',
  confirmationDetail: 'red-confirmation/detail',
  /** Agree, reject and cancel all print this one URL: the action goes in `czlx` (decided). */
  confirmationConfirm: 'red-confirmation/confirm',
  /** The document prints this path under 发票交付 (download page); kept as printed (decided). */
  downloadPage: 'red-confirmation/page',
} as const;

export type JumdataEndpoint = keyof typeof JUMDATA_PATHS;

/** Return codes of the document's table, plus 315 from the provider's auth-status page. */
export const JumdataCode = {
  Ok: 200,
  InProgress: 202,
  AccountUnknown: 301,
  NotLoggedIn: 302,
  TokenExpired: 303,
  FaceScanPending: 311,
  FaceAuthExpired: 312,
  FaceAuthMissing: 315,
  BureauRefused: 399,
  BadParameters: 400,
  EndpointNotFound: 404,
  Maintenance: 500,
  BureauError: 501,
  NotEnabled: 601,
  AccountDisabled: 602,
  EndpointDisabled: 604,
  OverQuota: 606,
  IpNotWhitelisted: 607,
  TooFrequent: 609,
} as const;

export type JumdataCodeValue = (typeof JumdataCode)[keyof typeof JumdataCode];

/** The document's message for each code, used by the simulator and as a fallback when `msg` is empty. */
export const JUMDATA_CODE_MESSAGES: Record<number, string> = {
  200: '成功',
  202: '任务正在进行中,请稍后再试',
  301: '用户名或手机号在电局不存在',
  302: '未登录或登录已失效,请重新登录',
  303: 'token已失效,请重新获取token',
  311: '未完成扫脸',
  312: '实名认证过期,重新获取二维码进行人脸识别',
  315: '未认证或认证已过期',
  399: '税局开票异常,以实际返回为准',
  400: '参数错误',
  404: '接口地址不正确',
  500: '系统维护,请稍候再试',
  501: '税局系统异常,请稍后再试',
  601: '接口未开通',
  602: '账号停用',
  604: '接口停用',
  606: '调用超限,请稍候再试',
  607: 'ip不在白名单',
  609: '请求过于频繁,请稍候再试',
};

/** Every response: `{code, msg, charge, taskNo, data?}`. */
export interface JumdataEnvelope<T = unknown> {
  code: number;
  msg: string;
  charge: boolean;
  taskNo: string;
  data?: T;
}

/** `app` of the face-auth calls: 1 个税 App, 2 税务 App. */
export const FACE_AUTH_APP_CODE = { personal_tax: '1', tax_bureau: '2' } as const;

/** `czlx` of red-confirmation/confirm (decided): 1 agree / confirm and issue, 2 reject, 3 cancel. */
export const CONFIRMATION_ACTION_CODE = { agree: '1', reject: '2', cancel: '3' } as const;

/** `fplxdm`: 81 数电专票, 82 数电普票. */
export const INVOICE_KIND_CODE = { special: '81', normal: '82' } as const;

/**
 * `invoiceData` of blue-invoice/submit (decided: common 数电 field names, see providers.md).
 * Amounts are yuan numbers with 2 decimals as the bureau prints them; `hsbz` says whether line amounts include tax.
 */
export interface InvoiceDataWire {
  fplxdm: string;
  gmfmc: string;
  gmfnsrsbh?: string;
  gmfdz?: string;
  gmfdh?: string;
  gmfyh?: string;
  gmfzh?: string;
  /** Y natural person, N organisation. */
  gmfzrrbz: 'Y' | 'N';
  gmfyx?: string;
  bz?: string;
  /**
   * decided: 合计金额 without tax = Σ line amounts without tax (`je`, or `je − se` on an `hsbz` 1 line);
   * `hjse` = Σ `se`; `jshj` = `hjje + hjse`. The simulator answers 400 naming the field that breaks this.
   */
  hjje: string;
  hjse: string;
  jshj: string;
  mxList: InvoiceLineWire[];
}

export interface InvoiceLineWire {
  xh: number;
  /** 0 normal, 1 discount line, 2 discounted line. */
  fphxz: '0' | '1' | '2';
  spmc: string;
  sphfwssflbm?: string;
  ggxh?: string;
  dw?: string;
  spsl?: string;
  dj?: string;
  /** Line amount (tax-exclusive when hsbz = 0). */
  je: string;
  /** Rate as a decimal string: "0.06". */
  slv: string;
  se: string;
  /** 0: je excludes tax; 1: je includes tax. */
  hsbz: '0' | '1';
}

/**
 * `sflx` of login/submit (decided: the bureau's identity-type code; 03 办税员). The document we have does not list it;
 * the client sends this unless told otherwise.
 */
export const DEFAULT_LOGIN_IDENTITY_TYPE = '03';

/** `expireTime` of the login/auth/token answers: `yyyy-MM-dd HH:mm:ss`, China time (UTC+8) (decided). */
export const EXPIRE_TIME_UTC_OFFSET_HOURS = 8;

// ---- `data` of the answers (decided where the document is silent) ----

/** login/submit: 202 carries the SMS task id; 200 may carry the login expiry. */
export interface LoginSubmitDataWire {
  validateCodeSmsTaskId?: string;
  expireTime?: string;
}

/** login/verify 200, login/status 200, auth/status 200. */
export interface ExpiryDataWire {
  expireTime?: string;
}

/** login/token 200. */
export interface TokenDataWire {
  token: string;
  expireTime?: string;
}

/** auth/qrcode 200 (document). */
export interface QrcodeDataWire {
  authId: string;
  qrcodeImageBase64?: string;
  qrcodeImageUrl?: string;
}

/** blue-invoice/submit 200 (document). */
export interface BlueSubmitDataWire {
  fphm: string;
  kprq: string;
}

/** One item of blue-invoice/query and red-invoice/query lists (document; amounts are yuan numbers). */
export interface InvoiceListItemWire {
  fphm: string;
  kprq: string;
  fplxdm?: string | null;
  xsfmc?: string | null;
  xsfnsrsbh?: string | null;
  gmfmc?: string | null;
  gmfnsrsbh?: string | null;
  hjje?: number | string | null;
  hjse?: number | string | null;
  jshj?: number | string | null;
  /** Red list: the blue invoice this one reverses. */
  kjhzfpdydlzfphm?: string | null;
  hzqrxxuuid?: string | null;
}

/** The paged lists (document prints lower-case `pagenumber`/`pagesize`). Requests send `pageNumber`/`pageSize`. */
export interface PagedListDataWire<T> {
  total: number;
  pagenumber: number;
  pagesize: number;
  list: T[];
}

/**
 * One `hzmx` item of red-invoice/submit (decided): the blue line number and the tax-inclusive amount to reverse,
 * as a positive 2-decimal yuan string; `spsl` when reversing a quantity.
 */
export interface RedLineWire {
  xh: number;
  jshj: string;
  spsl?: string;
}

/**
 * red-invoice/submit and red-confirmation/confirm 200 (decided): the confirmation and, when the red invoice was
 * issued at once, its number. 01/04 with fphm → issued; 04 without fphm → being issued (poll red-invoice/result);
 * 02/03 → waiting for a confirmation; 05–09 → void.
 */
export interface RedSubmitDataWire {
  uuid: string;
  hzqrxxztdm: string;
  fphm?: string;
  kprq?: string;
  jshj?: number | string;
}

/** red-invoice/result 200 (document). */
export interface RedResultDataWire {
  xsfmc?: string;
  xsfnsrsbh?: string;
  gmfmc?: string;
  gmfnsrsbh?: string;
  fphm: string;
  /** 01 专票, 02 普票. */
  fppzdm?: string;
  kprq: string;
  jshj?: number | string;
  gmfzrrbz?: string;
}

/**
 * One red-letter confirmation: list item of red-confirmation/query and `data` of red-confirmation/detail (decided,
 * the document's sample is truncated). Amounts are negative yuan numbers as the bureau reports them.
 */
export interface ConfirmationWire {
  uuid: string;
  hzqrxxztdm: string;
  /** 0 entered by the seller, 1 by the buyer. */
  lrfsf: string;
  xsfnsrsbh: string;
  xsfmc?: string | null;
  gmfnsrsbh?: string | null;
  gmfmc?: string | null;
  /** The blue invoice being reversed. */
  lzfphm?: string | null;
  /** 红字冲销金额 / 税额 (net and tax of the reversal). */
  hzcxje?: number | string | null;
  hzcxse?: number | string | null;
  jshj?: number | string | null;
  /** 录入日期 `yyyy-MM-dd HH:mm:ss`. */
  lrrq?: string | null;
  chyydm?: string | null;
}

/** red-confirmation/page 200 (document). */
export interface DownloadPageDataWire {
  url: string;
}

/**
 * decided parameter names of the login calls (not in the document; public pages of the provider show them):
 * login/submit takes nsrsbh, dq, sflx (identity type), gryhm, gryhmm (password), sjhm (phone);
 * login/verify takes nsrsbh, dq, gryhm, validateCodeSmsTaskId, smsCode; login/status and login/token take nsrsbh, dq, gryhm.
 */
export const LOGIN_PARAM = {
  identityType: 'sflx',
  password: 'gryhmm',
  phone: 'sjhm',
  smsTaskId: 'validateCodeSmsTaskId',
  smsCode: 'smsCode',
} as const;

/** decided: paging parameters of the query calls, as red-invoice/query prints them (blue query defaults to 50 per page). */
export const PAGE_PARAM = { number: 'pageNumber', size: 'pageSize' } as const;

/**
 * decided: `expireTime`, `kprq`, `lrrq` are `yyyy-MM-dd HH:mm:ss` in China time (as the document's samples print `kprq`);
 * date-only parameters (`kprqq`, `kprqz`) are `yyyy-MM-dd`.
 */
export {
  formatChinaTime as formatJumdataTime,
  formatChinaDate as formatJumdataDate,
  parseChinaTime as parseJumdataTime,
} from '../../china-time.js';

/**
 * Red-letter confirmation states (`hzqrxxztdm`), bureau-wide. What red-invoice/submit answers (decided):
 * - issued at once: 200 `开具成功`, data {uuid, hzqrxxztdm: '01', fphm, kprq, jshj (negative)};
 * - accepted but still issuing: 200, data {uuid, hzqrxxztdm: '04'} without fphm; red-invoice/result answers 202 until issued;
 * - needs the buyer: 200, data {uuid, hzqrxxztdm: '02'}; nothing is issued until the buyer agrees (→ 04, then issued).
 * red-invoice/result answers 202 while a confirmation waits for the other side (02/03) as well as while issuing,
 * with the state's label in `msg`; a void confirmation (05–09) answers 399 with the state's label.
 */
export const RED_CONFIRMATION_STATE = {
  noConfirmationNeeded: '01',
  sellerEnteredAwaitingBuyer: '02',
  buyerEnteredAwaitingSeller: '03',
  confirmed: '04',
  voidBuyerRefused: '05',
  voidSellerRefused: '06',
  voidExpired: '07',
  voidCancelled: '08',
  voidCancelledAfterConfirmation: '09',
} as const;

export const RED_CONFIRMATION_STATE_LABELS: Record<string, string> = {
  '01': '无需确认',
  '02': '销方录入待购方确认',
  '03': '购方录入待销方确认',
  '04': '购销双方已确认',
  '05': '作废(销方录入购方否认)',
  '06': '作废(购方录入销方否认)',
  '07': '作废(超72小时未确认)',
  '08': '作废(发起方已撤销)',
  '09': '作废(确认后撤销)',
};

/** `lrfsf`: who entered a red-letter confirmation. */
export const CONFIRMATION_ENTERED_BY_CODE = { seller: '0', buyer: '1' } as const;

/** `chyydm` of red-invoice/submit. */
export const RED_REASON_CODE = { wrongInvoice: '01', goodsReturned: '02', serviceStopped: '03', salesDiscount: '04' } as const;

// `hzmx` of red-invoice/submit is a JSON array string of RedLineWire (above); absent or `[]` = reverse everything that
// is left. The simulator splits each line's `jshj` into amount and tax at the blue line's own ratio, and answers 399
// when a line (or a full reversal) asks for more than is left.

/**
 * decided: `fpztdm` of a blue invoice in blue-invoice/query: 01 normal, 03 partly reversed, 04 fully reversed.
 * `fppzdm`: 01 专票 (fplxdm 81), 02 普票 (fplxdm 82).
 */
export const INVOICE_STATE_CODE = { normal: '01', partlyReversed: '03', fullyReversed: '04' } as const;

// decided: auth/qrcode `qrcodeImageBase64` (QrcodeDataWire) is the bare base64 of a PNG, no `data:` prefix;
// `qrcodeImageUrl` serves the same PNG.
