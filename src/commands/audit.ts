/**
 * 审计 [日期]: a day's audit entries, for BOT_ADMINS. In a private chat every chat's entries; in a group only that
 * group's, so that members who are not admins never see other groups' buyers and amounts.
 */
import { auditEntryLine } from '../audit/entry-text.js';
import { formatChinaDate } from '../china-time.js';
import { parseAuditArgs } from './audit-args.js';
import { defineCommand } from './registry.js';
import { AUDIT_EXAMPLE, auditDayText, auditProblemText } from './replies/audit.js';
import type { BotServices } from './services.js';

export const auditCommand = defineCommand<BotServices>({
  name: '审计',
  aliases: ['audit'],
  usage: '审计 [日期]（YYYY-MM-DD，不写为今天；群里只显示本群的记录，私聊显示所有群的）',
  example: AUDIT_EXAMPLE,
  summary: '查看某一天的审计记录：谁申请、谁确认、提交税局的内容和结果',
  permission: 'admin',
  async handler({ inbound, args, services }) {
    const parsed = parseAuditArgs(args, formatChinaDate(services.flowContext.now()));
    if (!parsed.ok) return auditProblemText(parsed.problem);
    const read = await services.audit.day(parsed.day);
    const scope = inbound.chat.chatType === 'p2p' ? 'all' : 'chat';
    const entries = scope === 'all' ? read.entries : read.entries.filter((entry) => entry.chat?.chatId === inbound.chat.chatId);
    return auditDayText({ day: parsed.day, scope, lines: entries.map(auditEntryLine), unreadable: read.unreadable, file: read.file });
  },
});
