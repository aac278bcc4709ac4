/**
 * Size limits of a draft. The bureau publishes no exact numbers for 数电 input fields to us; these are chosen to be
 * safely inside what its forms take and sane for a chat command. Change them here, nowhere else.
 */
export interface DraftLimits {
  /** Line items per invoice. The bureau takes far more; a chat command with more than 100 is a mistake. */
  maxLines: number;
  /** 价税合计 cap, fen: 1 亿 yuan. A sanity cap against typos like an extra `0000`, not a legal limit. */
  maxGrossFen: number;
  /** 购方名称, characters: registered company names stay well under 100. */
  maxBuyerNameLength: number;
  /** 项目名称 (spmc), characters, without the `*简称*` prefix the bureau adds. */
  maxItemNameLength: number;
  /** 备注, characters: the 数电 remark box takes 200. */
  maxRemarkLength: number;
  /** 规格型号, characters. */
  maxSpecLength: number;
  /** 单位, characters. */
  maxUnitLength: number;
  /** Email address, characters (RFC 5321 path limit). */
  maxEmailLength: number;
}

export const DEFAULT_DRAFT_LIMITS: Readonly<DraftLimits> = Object.freeze({
  maxLines: 100,
  maxGrossFen: 100_000_000 * 100,
  maxBuyerNameLength: 100,
  maxItemNameLength: 100,
  maxRemarkLength: 200,
  maxSpecLength: 40,
  maxUnitLength: 20,
  maxEmailLength: 254,
});
