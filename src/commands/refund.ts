/**
 * 红冲: checks the request's form, works out the refund against the blue invoice (read-only queries), and posts
 * the preview card; the card's buttons drive the red job (flows/refund.ts). Nothing is submitted before 确认红冲.
 */
import { clickOn } from '../flows/job-access.js';
import { planRefund } from '../flows/refund-plan.js';
import { providerErrorText } from '../flows/provider-error-text.js';
import { capList } from '../reply-caps.js';
import { parseRefundArgs, REFUND_USAGE } from './refund-args.js';
import { defineAction, defineCommand } from './registry.js';
import type { BotServices } from './services.js';

function problemsText(problems: readonly string[]): string {
  return ['红冲信息有误，未提交税局：', ...capList(problems.map((problem) => `· ${problem}`)), '', `写法：${REFUND_USAGE}`].join('\n');
}

export const refundCommand = defineCommand<BotServices>({
  name: '红冲',
  aliases: ['refund'],
  usage: REFUND_USAGE,
  example: '红冲 25332000000456135731 销货退回 金额=530',
  summary: '红冲（开红字发票）：整张或部分冲销一张蓝字发票，先预览，确认后提交',
  permission: 'allowed',
  async handler({ inbound, args, services }) {
    const parsed = parseRefundArgs(args.lines);
    if (!parsed.ok) return problemsText(parsed.problems);
    let plan;
    try {
      plan = await planRefund(services.flowContext, parsed.args);
    } catch (error) {
      return `查询蓝字发票失败，未提交红冲：${providerErrorText(error)}。请稍后再试。`;
    }
    if (!plan.ok) return problemsText(plan.problems);
    await services.flows.refund.preview({ requestId: inbound.dedupeId, chat: inbound.chat, user: inbound.user, details: plan.details });
    return undefined;
  },
});

export const refundConfirmAction = defineAction<BotServices>({
  op: 'red_confirm',
  permission: 'allowed',
  handler: async ({ inbound, services }) => ({ answer: await services.flows.refund.confirm(clickOn(inbound)) }),
});

export const refundCancelAction = defineAction<BotServices>({
  op: 'red_cancel',
  permission: 'allowed',
  handler: async ({ inbound, services }) => ({ answer: await services.flows.refund.cancel(clickOn(inbound)) }),
});

export const refundAgreeAction = defineAction<BotServices>({
  op: 'red_agree',
  permission: 'allowed',
  handler: async ({ inbound, services }) => ({ answer: await services.flows.refund.agree(clickOn(inbound)) }),
});

export const refundDeclineAction = defineAction<BotServices>({
  op: 'red_decline',
  permission: 'allowed',
  handler: async ({ inbound, services }) => ({ answer: await services.flows.refund.decline(clickOn(inbound)) }),
});
