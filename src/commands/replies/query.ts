/** Chinese texts of `查询`: what is wrong with the dates typed, and the click on a stale paging button. */
import { truncateEcho } from '../../reply-caps.js';

export const QUERY_EXAMPLE = '查询 2025-10-01 2025-10-31';

export function dayFormatText(field: string, typed: string): string {
  return `${field}格式应为 YYYY-MM-DD，例如 2025-10-01（你写的是 "${truncateEcho(typed)}"）`;
}

export function notARealDayText(field: string, day: string): string {
  return `${field} ${day} 不是日历上的日期`;
}

export function startAfterEndText(from: string, to: string, endIsToday: boolean): string {
  return `起始日期 ${from} 晚于结束日期 ${to}${endIsToday ? '（没写结束日期时为今天）' : ''}`;
}

export function rangeTooLongText(maxDays: number, from: string, to: string, days: number): string {
  return `日期范围最长 ${maxDays} 天：${from} 至 ${to} 共 ${days} 天，请分段查询`;
}

export function strayQueryWordsText(words: readonly string[]): string {
  return `看不懂 "${truncateEcho(words.join(' '))}"：查询最多写两个日期（起始日期、结束日期），例如 ${QUERY_EXAMPLE}`;
}

export function queryProblemsText(problems: readonly string[]): string {
  return ['查询条件有误，未查询税局：', ...problems.map((problem) => `· ${problem}`), '', '发送「帮助 查询」查看写法。'].join(
    '\n',
  );
}

export function queryFailedText(reason: string): string {
  return `查询发票失败：${reason}`;
}

export const PAGE_ELSEWHERE_TEXT = '这个按钮不属于这个群，已忽略';
export const STALE_PAGE_TEXT = '这个翻页按钮已经失效，请重新发送「查询」';
