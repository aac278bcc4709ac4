/** What the audit tests build: an AuditTrail that keeps what it is given, and a draft with details no line may hold. */
import type { InvoiceDraft } from '../../../src/api/provider.js';
import type { AuditFields } from '../../../src/audit/entry.js';
import type { AuditTrail } from '../../../src/audit/trail.js';

export function collectingTrail(): AuditTrail & { recorded: AuditFields[] } {
  const recorded: AuditFields[] = [];
  return {
    recorded,
    async record(fields) {
      recorded.push(fields);
    },
    async day() {
      return { entries: [], unreadable: 0, file: '' };
    },
  };
}

/** ¥1,060.00 of 技术服务费 at 6 %; the buyer's email and bank account are never audited, nor the line items. */
export const DRAFT: InvoiceDraft = {
  kind: 'normal',
  buyer: { name: '杭州测试科技有限公司', taxId: '91330106MA2KXN4X3X', naturalPerson: false, email: 'a@b.cn', bankAccount: '6222000000000000' },
  lines: [{ name: '技术服务费', ratePermille: 60, grossFen: 106_000, taxFen: 6_000, netFen: 100_000 }],
  netFen: 100_000,
  taxFen: 6_000,
  grossFen: 106_000,
};
