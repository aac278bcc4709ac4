/** 状态: login, token and face-auth state with expiry times, and the jobs in flight in this chat. */
import { statusText } from '../flows/status.js';
import { defineCommand } from './registry.js';
import type { BotServices } from './services.js';

export const statusCommand = defineCommand<BotServices>({
  name: '状态',
  aliases: ['status'],
  usage: '状态',
  example: '状态',
  summary: '查看税局登录、接口令牌、人脸认证的有效期、审批人和进行中的开票',
  handler: ({ inbound, services }) =>
    statusText(
      services.flowContext,
      [...services.flows.issue.unfinished(inbound.chat.chatId), ...services.flows.refund.unfinished(inbound.chat.chatId)],
      inbound.chat.platform,
    ),
});
