/** Chinese texts of `审批人`. */
import { truncateEcho } from '../../reply-caps.js';

export const APPROVERS_USAGE = '审批人 [添加|移除 @某人]';

/** The approvers now, and what they mean. */
export function approverListText(names: readonly string[]): string {
  const change = '管理员（BOT_ADMINS）可发送「审批人 添加 @某人」或「审批人 移除 @某人」修改。';
  if (names.length === 0) return `现在没有审批人：点「确认开具」/「确认红冲」后直接办理，不需要审批。\n${change}`;
  return [
    `审批人（${names.length}）：${names.join('、')}`,
    '审批人以外的人点「确认开具」/「确认红冲」后，需要一位审批人（申请人本人除外）点「同意」才会提交税局。',
    change,
  ].join('\n');
}

export const NOT_ADMIN_TEXT = '只有机器人管理员（BOT_ADMINS）可以修改审批人；发送「审批人」可以查看现在的审批人。';

export function unknownApproverActionText(word: string): string {
  return `看不懂「${truncateEcho(word)}」：「审批人」后面写「添加」或「移除」，再 @ 要改的人，例如：审批人 添加 @张三`;
}

export function nobodyNamedText(verb: string): string {
  return `请 @ 要${verb}的人，例如：审批人 ${verb} @张三`;
}

/** A typed word that is no user id: a name cannot say who is meant, a mention can. */
export function notAUserText(word: string, verb: string): string {
  return `「${truncateEcho(word)}」不是用户 ID：请在消息里 @ 要${verb}的人（直接写名字无法确定是谁）`;
}

export const addedText = (name: string) => `已添加审批人：${name}`;
export const alreadyApproverText = (name: string) => `${name} 已经是审批人`;
export const removedText = (name: string) => `已移除审批人：${name}`;
export const notApproverText = (name: string) => `${name} 不是审批人`;
