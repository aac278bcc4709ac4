/** The pure invoice domain: money, rates, tax, taxpayer numbers, draft validation. No I/O. */
export { checkDraft, type CheckDraftOptions } from './draft.js';
export { DEFAULT_DRAFT_LIMITS, type DraftLimits } from './draft-limits.js';
export { invoiceKindLabel, parseInvoiceKind } from './invoice-kind.js';
export { formatYuanForChat, formatYuanForWire, parseYuan, type YuanParse, type YuanProblem } from './money.js';
export {
  MAX_QUANTITY_DECIMALS,
  MAX_QUANTITY_INTEGER_DIGITS,
  parseQuantity,
  unitPriceOf,
  type QuantityParse,
  type QuantityProblem,
} from './quantity.js';
export {
  ALLOWED_RATES_PERMILLE,
  formatRate,
  formatRateForWire,
  parseRate,
  type RateParse,
  type RateProblem,
} from './rate.js';
export type { DraftCheck, DraftProblem, RawDraft, RawLine } from './raw-draft.js';
export { splitTaxInclusive, taxOfTaxExclusive, taxOfTaxInclusive, totalsOf, type Amounts } from './tax.js';
export { checkTaxpayerId, normalizeTaxpayerId, usccCheckCharacter, type TaxpayerIdCheck } from './taxpayer-id.js';
