/** Chinese texts the router itself answers with (everything a command says lives with that command). */

export const HELP_COMMAND_NAME = '帮助';

export function unknownCommandText(word: string, suggestion: string | undefined): string {
  const hint = suggestion === undefined ? '' : `你是不是想用「${suggestion}」？`;
  return `我不认识「${word}」这个命令。${hint}发送「${HELP_COMMAND_NAME}」查看所有命令。`;
}

export const EMPTY_MESSAGE_TEXT = `你好，我是开票机器人。发送「${HELP_COMMAND_NAME}」查看我能做什么。`;

export function permissionDeniedText(commandName: string, permission: 'allowed' | 'approver' | 'admin'): string {
  if (permission === 'approver') return `只有审批人可以使用「${commandName}」。`;
  if (permission === 'admin') return `只有管理员（BOT_ADMINS 中的用户）可以使用「${commandName}」。`;
  return `你还没有使用「${commandName}」的权限，请联系管理员开通。`;
}

export const ACTION_DENIED_TEXT = '你没有权限点这个按钮';

export const STALE_BUTTON_TEXT = '这个按钮已经失效，请重新发送命令';
