import { describe, expect, it } from 'vitest';
import { parseAuditArgs } from '../../../src/commands/audit-args.js';
import { auditDayText, MAX_AUDIT_ENTRIES } from '../../../src/commands/replies/audit.js';
import { tokenizeArgs } from '../../../src/commands/tokenizer.js';

const TODAY = '2025-10-15';

function parse(rest: string) {
  const lines = tokenizeArgs(rest);
  return parseAuditArgs({ positional: lines.flatMap((line) => line.positional), pairs: lines.flatMap((line) => line.pairs) }, TODAY);
}

describe('审计 arguments', () => {
  it('takes today when no date is typed, and a day typed like a 查询 date', () => {
    expect(parse('')).toEqual({ ok: true, day: TODAY });
    expect(parse('2025-10-01')).toEqual({ ok: true, day: '2025-10-01' });
    expect(parse('2025年9月3日')).toEqual({ ok: true, day: '2025-09-03' });
    expect(parse('20250903')).toEqual({ ok: true, day: '2025-09-03' });
  });

  it('names the field and the rule of a bad date, and refuses anything more', () => {
    expect(parse('10月1日')).toEqual({ ok: false, problem: '日期格式应为 YYYY-MM-DD，例如 2025-10-01（你写的是 "10月1日"）' });
    expect(parse('2025-02-30')).toEqual({ ok: false, problem: '日期 2025-02-30 不是日历上的日期' });
    const stray = parse('2025-10-01 2025-10-02 用户=ou_1');
    expect(stray.ok).toBe(false);
    expect(!stray.ok && stray.problem).toContain('看不懂 "2025-10-02 用户=ou_1"：审计只写一个日期');
  });
});

describe('审计 reply', () => {
  const view = { day: TODAY, file: 'audit/audit-2025-10-15.jsonl', unreadable: 0 };

  it('shows the latest entries in time order and says how many earlier ones were left out, and where they are', () => {
    const lines = Array.from({ length: MAX_AUDIT_ENTRIES + 5 }, (_, n) => `line ${n}`);
    const text = auditDayText({ ...view, scope: 'all', lines }).split('\n');
    expect(text[0]).toBe(`审计记录 2025-10-15（所有群，共 105 条，只显示最后 ${MAX_AUDIT_ENTRIES} 条）：`);
    expect(text[1]).toBe('…更早的 5 条未显示，完整记录见数据目录下的 audit/audit-2025-10-15.jsonl');
    expect(text.slice(2)).toEqual(lines.slice(5));
  });

  it('says when a day has nothing, and when lines could not be read', () => {
    expect(auditDayText({ ...view, scope: 'chat', lines: [] })).toBe('2025-10-15 本群没有审计记录。');
    expect(auditDayText({ ...view, scope: 'all', lines: ['a'], unreadable: 2 })).toBe(
      ['审计记录 2025-10-15（所有群，共 1 条）：', 'a', '另有 2 行无法读取（写入中断），请直接查看文件。'].join('\n'),
    );
  });
});
