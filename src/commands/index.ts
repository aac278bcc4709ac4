/** The command table of the bot: every command and card action, and who may use them. */
import { auditCommand } from './audit.js';
import { approveAction, rejectAction } from './approval.js';
import { approversCommand } from './approvers.js';
import { faceAuthAction, faceAuthNewAction, authCommand } from './auth.js';
import { confirmationsCommand } from './confirmations.js';
import { downloadCommand } from './download.js';
import { providerNote } from '../flows/provider-notes.js';
import { defineHelpCommand } from './help.js';
import {
  issueCancelAction,
  issueCommand,
  issueConfirmAction,
  issueFormAddLineAction,
  issueFormSubmitAction,
} from './issue.js';
import { bareSmsCode, loginAction, loginCommand, smsCodeCommand } from './login.js';
import { queryCommand, queryPageAction } from './query.js';
import { refundAgreeAction, refundCancelAction, refundCommand, refundConfirmAction, refundDeclineAction } from './refund.js';
import { createRouter, type PermissionCheck, type Router } from './registry.js';
import { permissionDeniedText } from './replies/routing.js';
import type { BotServices } from './services.js';
import { statusCommand } from './status.js';

export function createCommandRouter(): Router<BotServices> {
  return createRouter<BotServices>({
    commands: [
      defineHelpCommand<BotServices>({
        note: (services) => providerNote(services.flowContext.provider),
        setup: (services) => ({ everyoneAllowed: services.allowedUsers.length === 0 }),
      }),
      loginCommand,
      smsCodeCommand,
      authCommand,
      issueCommand,
      refundCommand,
      confirmationsCommand,
      queryCommand,
      downloadCommand,
      statusCommand,
      auditCommand,
      approversCommand,
    ],
    actions: [
      issueConfirmAction,
      issueCancelAction,
      issueFormSubmitAction,
      issueFormAddLineAction,
      faceAuthNewAction,
      faceAuthAction,
      loginAction,
      refundConfirmAction,
      refundCancelAction,
      refundAgreeAction,
      refundDeclineAction,
      queryPageAction,
      approveAction,
      rejectAction,
    ],
    permits,
    // A bare `123456` while a login waits for its SMS code is `验证码 123456`, for the same people.
    async fallback(ctx) {
      const code = bareSmsCode(ctx);
      if (code === undefined) return undefined;
      if (!(await permits(ctx.inbound.user, 'allowed', ctx.services))) {
        return permissionDeniedText(smsCodeCommand.name, 'allowed');
      }
      return ctx.services.flows.login.verify(ctx.inbound.chat, code);
    },
  });
}

const permits: PermissionCheck<BotServices> = (user, permission, services) => {
  // The live list: APPROVERS with the chat's changes (审批人 添加 / 移除).
  if (permission === 'approver') return services.approvers.includes(user.id);
  if (permission === 'admin') return services.botAdmins.includes(user.id);
  return services.allowedUsers.length === 0 || services.allowedUsers.includes(user.id);
};
