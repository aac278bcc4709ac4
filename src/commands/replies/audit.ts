/** Chinese texts of `审计`: a day's audit entries, and what is wrong with the date typed. */
import { formatCount, truncateEcho } from '../../reply-caps.js';

export const AUDIT_EXAMPLE = '审计 2025-10-15';
/** Entries one reply shows: the latest ones of the day; the file has all of them. */
export const MAX_AUDIT_ENTRIES = 100;

export function auditStrayWordsText(words: readonly string[]): string {
  return `看不懂 "${truncateEcho(words.join(' '))}"：审计只写一个日期（YYYY-MM-DD，不写为今天），例如 ${AUDIT_EXAMPLE}`;
}

export function auditProblemText(problem: string): string {
  return `审计日期有误，未读取审计记录：\n· ${problem}\n\n发送「帮助 审计」查看写法。`;
}

export interface AuditDayView {
  day: string;
  /** `chat`: only this group's entries (a group hears only about itself); `all`: every chat's (a private chat). */
  scope: 'chat' | 'all';
  /** One line per entry, in time order. */
  lines: readonly string[];
  unreadable: number;
  /** The day's file, relative to DATA_DIR. */
  file: string;
}

export function auditDayText({ day, scope, lines, unreadable, file }: AuditDayView): string {
  const where = scope === 'chat' ? '本群' : '所有群';
  const damaged = unreadable > 0 ? [`另有 ${formatCount(unreadable)} 行无法读取（写入中断），请直接查看文件。`] : [];
  if (lines.length === 0) {
    return [`${day} ${where}没有审计记录。`, ...damaged].join('\n');
  }
  const shown = lines.slice(-MAX_AUDIT_ENTRIES);
  const left = lines.length - shown.length;
  const head = `审计记录 ${day}（${where}，共 ${formatCount(lines.length)} 条${left > 0 ? `，只显示最后 ${shown.length} 条` : ''}）：`;
  const more = left > 0 ? [`…更早的 ${formatCount(left)} 条未显示，完整记录见数据目录下的 ${file}`] : [];
  const hint = scope === 'chat' ? ['私聊机器人发送「审计」可看所有群的记录。'] : [];
  return [head, ...more, ...shown, ...damaged, ...hint].join('\n');
}
