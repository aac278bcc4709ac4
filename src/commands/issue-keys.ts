/**
 * The keys `开票` understands (text command and form card alike): which RawDraft/RawLine property each fills, and the
 * names people type for it. `名称` alone is left out on purpose: it is as likely the buyer's name as the item's.
 */
import type { RawDraft, RawLine } from '../invoice/raw-draft.js';

export type IssueHeaderProperty = Exclude<keyof RawDraft, 'lines'>;
export type IssueLineProperty = keyof RawLine;
export type IssueProperty = IssueHeaderProperty | IssueLineProperty;

export interface IssueKey {
  property: IssueProperty;
  /** Header keys describe the whole invoice; line keys belong to one line item. */
  scope: 'header' | 'line';
  /** The name contract.md uses and every message shows, e.g. `金额`. */
  field: string;
  /** The English name from contract.md, e.g. `amount`. */
  english: string;
  /** Other names accepted, lower-case. */
  synonyms: readonly string[];
}

/** In the order help texts and messages list them. */
export const ISSUE_KEYS: readonly IssueKey[] = [
  {
    property: 'buyer',
    scope: 'header',
    field: '购方',
    english: 'buyer',
    synonyms: ['购买方', '买方', '抬头', '发票抬头', '购方名称', '购买方名称', '客户', 'customer'],
  },
  {
    property: 'taxId',
    scope: 'header',
    field: '税号',
    english: 'taxid',
    synonyms: ['购方税号', '纳税人识别号', '识别号', '信用代码', '统一社会信用代码', 'tax_id', 'tin'],
  },
  {
    property: 'item',
    scope: 'line',
    field: '项目',
    english: 'item',
    synonyms: ['项目名称', '商品', '商品名称', '品名', '服务'],
  },
  { property: 'amount', scope: 'line', field: '金额', english: 'amount', synonyms: ['含税金额', '价税合计'] },
  { property: 'rate', scope: 'line', field: '税率', english: 'rate', synonyms: ['taxrate', 'tax_rate'] },
  { property: 'qty', scope: 'line', field: '数量', english: 'qty', synonyms: ['quantity'] },
  { property: 'unit', scope: 'line', field: '单位', english: 'unit', synonyms: ['计量单位'] },
  { property: 'spec', scope: 'line', field: '规格', english: 'spec', synonyms: ['规格型号', '型号', 'model'] },
  {
    property: 'taxCode',
    scope: 'line',
    field: '编码',
    english: 'code',
    synonyms: ['税收编码', '税收分类编码', '商品编码', 'taxcode', 'tax_code'],
  },
  { property: 'remark', scope: 'header', field: '备注', english: 'remark', synonyms: ['note', 'memo'] },
  { property: 'type', scope: 'header', field: '类型', english: 'type', synonyms: ['票种', '发票类型', 'kind'] },
  { property: 'email', scope: 'header', field: '邮箱', english: 'email', synonyms: ['邮件', '电子邮箱', 'mail'] },
];

const BY_NAME: ReadonlyMap<string, IssueKey> = new Map(
  ISSUE_KEYS.flatMap((key) => [key.field, key.english, ...key.synonyms].map((name) => [name, key] as const)),
);

/** Every accepted name, lower-case. */
export const ISSUE_KEY_NAMES: readonly string[] = [...BY_NAME.keys()];

/** The key a typed name means (case-insensitive), or undefined. */
export function issueKeyOf(name: string): IssueKey | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The key for a property; every property has one. */
export function issueKeyFor(property: IssueProperty): IssueKey {
  const key = ISSUE_KEYS.find((candidate) => candidate.property === property);
  if (key === undefined) throw new Error(`no issue key for ${property}`);
  return key;
}
