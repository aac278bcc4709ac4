/** 开票: typed `key=value` lines, or with no arguments a form card; both end in the same validation and preview. */
import { previewDraft, problemsText } from './draft-reply.js';
import { parseIssueArgs } from './issue-args.js';
import {
  buildIssueForm,
  formToRawDraft,
  ISSUE_FORM_ADD_LINE_OP,
  ISSUE_FORM_SUBMIT_OP,
  lineCountOf,
} from './issue-form.js';
import { clickOn } from '../flows/job-access.js';
import { defineAction, defineCommand } from './registry.js';
import type { BotServices } from './services.js';

export const issueCommand = defineCommand<BotServices>({
  name: '开票',
  aliases: ['issue'],
  usage: '开票 购方=名称 税号=纳税人识别号 项目=名称 金额=含税金额 税率=6% [备注=…]（每多一个项目另起一行写 项目=…）',
  example: '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%',
  summary: '开具数电蓝字发票：先预览，确认后开具；只发「开票」会弹出填写表单',
  permission: 'allowed',
  async handler({ inbound, args, services }) {
    if (args.rest.trim() === '') return { card: buildIssueForm() };
    const parsed = parseIssueArgs(args.rest);
    if (!parsed.ok) return problemsText(parsed.problems);
    const outcome = await previewDraft(services, inbound.chat, inbound.user, parsed.raw, inbound.dedupeId);
    return outcome.ok ? undefined : problemsText(outcome.problems);
  },
});

export const issueFormSubmitAction = defineAction<BotServices>({
  op: ISSUE_FORM_SUBMIT_OP,
  permission: 'allowed',
  async handler({ inbound, form, services }) {
    const outcome = await previewDraft(services, inbound.chat, inbound.user, formToRawDraft(form), inbound.dedupeId);
    if (!outcome.ok) {
      return {
        answer: {
          toast: { type: 'error', text: outcome.problems[0]!.message },
          card: buildIssueForm({ values: form, problems: outcome.problems }),
        },
      };
    }
    return {
      answer: {
        toast: { type: 'success', text: '已生成预览，请在新卡片上确认' },
        card: { title: '开票表单已提交', state: 'neutral', body: ['预览卡片已发到群里，请核对后点「确认开具」。'] },
      },
    };
  },
});

export const issueFormAddLineAction = defineAction<BotServices>({
  op: ISSUE_FORM_ADD_LINE_OP,
  permission: 'allowed',
  handler: ({ value, form }) => ({ answer: { card: buildIssueForm({ values: form, lineCount: lineCountOf(value, form) }) } }),
});

export const issueConfirmAction = defineAction<BotServices>({
  op: 'issue_confirm',
  permission: 'allowed',
  handler: async ({ inbound, services }) => ({ answer: await services.flows.issue.confirm(clickOn(inbound)) }),
});

export const issueCancelAction = defineAction<BotServices>({
  op: 'issue_cancel',
  permission: 'allowed',
  handler: async ({ inbound, services }) => ({ answer: await services.flows.issue.cancel(clickOn(inbound)) }),
});
