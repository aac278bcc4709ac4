import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/audit/entry.js';
import { auditEntryLine } from '../../../src/audit/entry-text.js';

const JOB = { job: 'a1b2c3d4e5f6', chat: { platform: 'feishu' as const, chatId: 'oc_1' } };

describe('an audit entry as a line of chat text', () => {
  it('names the person, the states, and a failure in the words the chat was given', () => {
    const entry: AuditEntry = {
      at: '2025-10-15T09:32:10.123+08:00',
      kind: 'outcome',
      ...JOB,
      type: 'blue',
      from: 'submitting',
      to: 'failed',
      failure: '税局拒绝：购方税号不存在',
    };
    expect(auditEntryLine(entry)).toBe('09:32:10 结果 #a1b2c3d4e5f6 蓝字 · 提交中 → 失败 · 原因：税局拒绝：购方税号不存在');
  });

  it('shows a confirmation call with its action and attempt, and a state it does not know by its name', () => {
    const submission: AuditEntry = {
      at: '2025-10-15T09:32:10.123+08:00',
      kind: 'submission',
      ...JOB,
      type: 'red',
      call: 'actOnConfirmation',
      action: 'agree',
      attempt: 2,
      blueInvoice: '25332000000456135731',
      refundFen: 26_500,
    };
    expect(auditEntryLine(submission)).toBe(
      '09:32:10 提交税局 #a1b2c3d4e5f6 红字 · 处理红字确认单：同意并开具（第 2 次） · 蓝字发票 25332000000456135731 · 红冲 ¥265.00',
    );
    const decision: AuditEntry = { at: '2025-10-15T09:33:00.000+08:00', kind: 'decision', ...JOB, user: { id: 'ou_boss', name: '主管老李' }, from: 'awaiting_approval', to: 'rejected' };
    expect(auditEntryLine(decision)).toBe('09:33:00 决定 #a1b2c3d4e5f6 · 主管老李(ou_boss) · 待审批 → rejected');
  });

  it('cuts a long typed name short', () => {
    const entry: AuditEntry = { at: '2025-10-15T09:32:10.123+08:00', kind: 'request', ...JOB, type: 'blue', buyer: { name: '很'.repeat(100) }, grossFen: 100 };
    expect(auditEntryLine(entry)).toBe(`09:32:10 申请 #a1b2c3d4e5f6 蓝字 · 购方 ${'很'.repeat(30)}… · 价税合计 ¥1.00`);
  });
});
