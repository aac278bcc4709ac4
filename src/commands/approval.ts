/**
 * 同意 and 驳回 on an approval card. Open to anyone at the router: the approval flow itself refuses the requester and
 * everyone who does not approve, each with a toast that says why, and an approver need not be in ALLOWED_USERS.
 */
import { APPROVE_OP, REASON_INPUT, REJECT_OP } from '../flows/approval-card.js';
import { clickOn } from '../flows/job-access.js';
import { defineAction } from './registry.js';
import type { BotServices } from './services.js';

export const approveAction = defineAction<BotServices>({
  op: APPROVE_OP,
  handler: async ({ inbound, services }) => ({ answer: await services.flows.approval.approve(clickOn(inbound)) }),
});

export const rejectAction = defineAction<BotServices>({
  op: REJECT_OP,
  handler: async ({ inbound, form, services }) => ({
    answer: await services.flows.approval.reject(clickOn(inbound), form[REASON_INPUT]),
  }),
});
