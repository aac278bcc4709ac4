/** What command handlers may use: the workflows and the access lists. Handed to the router as its `services`. */
import type { FlowContext } from '../flows/context.js';
import type { Flows } from '../flows/index.js';

export interface BotServices {
  flows: Flows;
  /** For read-only views such as 状态. */
  flowContext: FlowContext;
  approvers: readonly string[];
  allowedUsers: readonly string[];
}
