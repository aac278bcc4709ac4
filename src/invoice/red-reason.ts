/** 红冲原因 (chyydm) as people type them: a name or its code 01–04; 开票有误 when none is given. */
import type { RedReason } from '../api/provider.js';

export const RED_REASON_NAMES: Readonly<Record<RedReason, string>> = {
  '01': '开票有误',
  '02': '销货退回',
  '03': '服务中止',
  '04': '销售折让',
};

export const DEFAULT_RED_REASON: RedReason = '01';

export const RED_REASON_RULE = '原因应为 开票有误、销货退回、服务中止、销售折让，或代码 01–04';

/** `销货退回`, `02`, `2` → '02'; undefined for anything else. */
export function parseRedReason(text: string): RedReason | undefined {
  const trimmed = text.trim();
  for (const [code, name] of Object.entries(RED_REASON_NAMES) as [RedReason, string][]) {
    if (trimmed === name || trimmed === code || trimmed === code.slice(1)) return code;
  }
  return undefined;
}
