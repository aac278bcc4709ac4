/** Chinese texts for problems found while reading `开票` arguments (before any value is checked). */
import { truncateEcho } from '../../reply-caps.js';

/** `第 N 行` when the draft has several lines, nothing when it has one (the same rule as checkDraft). */
export function linePrefix(line: number | undefined, lineCount: number): string {
  return line !== undefined && lineCount > 1 ? `第 ${line} 行的` : '';
}

export function unknownKeyText(rawKey: string, suggestion: string | undefined, available: readonly string[]): string {
  const hint = suggestion === undefined ? '' : `（是不是 "${suggestion}"？）`;
  return `不认识的字段 "${truncateEcho(rawKey)}"${hint}，可用的有：${available.join('、')}`;
}

export function duplicateKeyText(field: string, prefix: string): string {
  return `${prefix}${field}写了两次，请只写一个`;
}

export function strayTextText(words: readonly string[]): string {
  return `看不懂 "${truncateEcho(words.join(' '))}"：每一项请写成 字段=值，例如 购方=杭州测试科技有限公司 金额=1060`;
}

/**
 * `购方 的值后面多了「随便写点」：值里有空格请用引号括起来，例如 购方="杭州测试科技有限公司 随便写点"`. The example
 * uses the key as typed and 「」 when the value itself holds a `"`.
 */
export function trailingWordsText(field: string, rawKey: string, value: string, trailing: string, prefix: string): string {
  const [open, close] = value.includes('"') ? ['「', '」'] : ['"', '"'];
  return (
    `${prefix}${field} 的值后面多了「${truncateEcho(trailing)}」：值里有空格请用引号括起来，` +
    `例如 ${rawKey}=${open}${truncateEcho(value)}${close}；不属于${field}的字请删掉`
  );
}
