/**
 * An invoice request as a person typed it (command `key=value` pairs or a form card): every value a raw string.
 * `checkDraft` (draft.ts) turns it into a validated `InvoiceDraft` or Chinese errors that name the field.
 */

export interface RawLine {
  /** 项目 / item */
  item?: string;
  /** 金额 / amount: tax-inclusive, yuan. */
  amount?: string;
  /** 税率 / rate: `6%` or `0.06`. */
  rate?: string;
  /** 数量 / qty */
  qty?: string;
  /** 单位 / unit */
  unit?: string;
  /** 规格 / spec */
  spec?: string;
  /** 编码 / code: 19-digit 税收分类编码 */
  taxCode?: string;
}

export interface RawDraft {
  /** 类型 / type: 普票 (default) or 专票. */
  type?: string;
  /** 购方 / buyer */
  buyer?: string;
  /** 税号 / taxid: absent for a natural person. */
  taxId?: string;
  /** 备注 / remark */
  remark?: string;
  /** 邮箱 / email */
  email?: string;
  lines: RawLine[];
}

/** One thing wrong (or doubtful) with a raw draft. */
export interface DraftProblem {
  /** The key as the user knows it, e.g. `税号` or `金额`. */
  field: string;
  /** Which raw property it came from. */
  key: Exclude<keyof RawDraft, 'lines'> | keyof RawLine;
  /** 1-based line number for line fields. */
  line?: number;
  /** A whole Chinese sentence naming the field and the rule, e.g. `第 2 行金额必须大于 0`. */
  message: string;
}

export type DraftCheck =
  | { ok: true; draft: import('../api/provider.js').InvoiceDraft; warnings: DraftProblem[] }
  | { ok: false; errors: DraftProblem[] };
