/** The number, date and download link of the invoice a job issued, as its final card shows them (blue and red). */
import type { CardText } from '../bot/platform.js';
import type { JobRecord } from '../store/jobs.js';

export function issuedInvoiceText(job: JobRecord, numberLabel: string, linkText: string): CardText | undefined {
  const invoice = job.invoice;
  if (!invoice) return undefined;
  const text: CardText = [{ strong: numberLabel }, `：${invoice.number}\n`, { strong: '开票日期' }, `：${invoice.issuedAt}`];
  return job.downloadUrl ? [...text, '\n', { link: job.downloadUrl, text: linkText }] : text;
}
