/** Chinese texts of `下载`. */
import { truncateEcho } from '../../reply-caps.js';

export const DOWNLOAD_EXAMPLE = '下载 25332000000456135731';

export const NUMBER_MISSING_TEXT = `请写发票号码，例如 ${DOWNLOAD_EXAMPLE}`;

export function numberFormatText(typed: string): string {
  const digits = /^\d+$/u.test(typed) ? `，"${truncateEcho(typed)}" 是 ${typed.length} 位` : `（你写的是 "${truncateEcho(typed)}"）`;
  return `发票号码应为 20 位数字${digits}`;
}

export function strayDownloadWordsText(words: readonly string[]): string {
  return `看不懂 "${truncateEcho(words.join(' '))}"：下载一次写一个发票号码，例如 ${DOWNLOAD_EXAMPLE}`;
}

export function invoiceNotFoundText(number: string, searched: { from: string; to: string } | undefined): string {
  const where = searched === undefined ? '' : `（已查 ${searched.from} 至 ${searched.to} 开具的蓝字和红字发票）`;
  return `找不到发票 ${number}${where}。请核对号码；号码的前两位是开票年份。`;
}

export function downloadFailedText(number: string, reason: string): string {
  return `获取发票 ${number} 的下载链接失败：${reason}`;
}

export function downloadLinkText(number: string, colourLabel: string, issuedAt: string, url: string): string {
  return [`发票 ${number}（${colourLabel}，开票日期 ${issuedAt}）`, `下载：${url}`].join('\n');
}
