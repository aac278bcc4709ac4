/** What command handlers may use: the workflows and the access lists. Handed to the router as its `services`. */
import type { AuditTrail } from '../audit/trail.js';
import type { FlowContext } from '../flows/context.js';
import type { Flows } from '../flows/index.js';
import type { InvoiceQueryFlow } from '../flows/invoice-query.js';
import type { ApproverRepository } from '../store/approvers.js';

export interface BotServices {
  flows: Flows;
  /** For read-only views such as 状态. */
  flowContext: FlowContext;
  /** 查询 and its paging buttons. */
  invoiceQuery: InvoiceQueryFlow;
  /** Who approves now; 审批人 changes it. */
  approvers: ApproverRepository;
  allowedUsers: readonly string[];
  /** Who may change the approvers in chat (BOT_ADMINS) and read the audit log. */
  botAdmins: readonly string[];
  /** 审计: the audit log of a day. */
  audit: AuditTrail;
}
