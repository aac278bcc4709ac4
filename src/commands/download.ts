/** 下载: the download link of an invoice by its 20-digit number. */
import { findDownloadLink } from '../flows/invoice-download.js';
import { COLOUR_LABEL } from '../flows/invoice-listing.js';
import { providerErrorText } from '../flows/provider-error-text.js';
import { parseDownloadArgs } from './download-args.js';
import { defineCommand } from './registry.js';
import { DOWNLOAD_EXAMPLE, downloadFailedText, downloadLinkText, invoiceNotFoundText } from './replies/download.js';
import type { BotServices } from './services.js';

export const downloadCommand = defineCommand<BotServices>({
  name: '下载',
  aliases: ['download'],
  usage: '下载 <发票号码>（20 位数字）',
  example: DOWNLOAD_EXAMPLE,
  summary: '回复发票的下载链接（蓝字、红字发票都可以）',
  permission: 'allowed',
  async handler({ args, services }) {
    const parsed = parseDownloadArgs(args);
    if (!parsed.ok) return parsed.problem;
    const { number } = parsed;
    try {
      const lookup = await findDownloadLink(services.flowContext, number);
      if (!lookup.found) return invoiceNotFoundText(number, lookup.searched);
      return downloadLinkText(number, COLOUR_LABEL[lookup.colour], lookup.invoice.issuedAt, lookup.url);
    } catch (error) {
      services.flowContext.logger.warn({ err: error, invoice: number }, 'download link failed');
      return downloadFailedText(number, providerErrorText(error));
    }
  },
});
