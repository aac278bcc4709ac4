/** 确认单: red-letter confirmations the buyers entered that wait for this side, each as a card with 同意并开具 / 拒绝. */
import { providerErrorText } from '../flows/provider-error-text.js';
import { defineCommand } from './registry.js';
import type { BotServices } from './services.js';

export const confirmationsCommand = defineCommand<BotServices>({
  name: '确认单',
  aliases: ['confirmations'],
  usage: '确认单',
  example: '确认单',
  summary: '列出购方提交、等待我方处理的红字确认单，每张一张卡片：同意并开具 / 拒绝',
  permission: 'allowed',
  async handler({ inbound, services }) {
    let listing;
    try {
      listing = await services.flows.incoming.list(inbound.chat);
    } catch (error) {
      return `查询红字确认单失败：${providerErrorText(error)}。请稍后再试。`;
    }
    const { here, elsewhere, more } = listing;
    if (here.length === 0 && elsewhere.length === 0) return '没有等待我方处理的红字确认单。';
    const lines = [`等待我方处理的红字确认单：${here.length + elsewhere.length + more} 张。`];
    if (here.length > 0) lines.push(`本群的卡片（${here.length} 张）：请在卡片上点「同意并开具」或「拒绝」。`);
    for (const job of elsewhere) lines.push(`· 蓝字发票 ${job.red?.blueNumber ?? ''} 的确认单已发到另一个群处理（单号 ${job.id}）`);
    if (more > 0) lines.push(`另有 ${more} 张，处理完上面的再发送「确认单」。`);
    return lines.join('\n');
  },
});
