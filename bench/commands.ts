/** The chat side of `开票`: tokenizing what people type and turning it into a raw draft. */
import { parseIssueArgs } from '../src/commands/issue-args.js';
import { tokenizeArgs } from '../src/commands/tokenizer.js';
import { sampleIssueText } from './drafts.js';
import { measure, type BenchResult } from './timing.js';

/** What a phone IME produces: full-width `＝` and `％`, an ideographic space, curly quotes around a value with spaces. */
const IME_TEXT = '购方＝“杭州 测试 科技有限公司”　税号＝91110000600037341L 项目＝技术服务费 金额＝1060 税率＝6％';

export async function benchCommands(): Promise<BenchResult[]> {
  const oneLine = sampleIssueText(1);
  const twentyLines = sampleIssueText(20);
  for (const text of [oneLine, twentyLines, IME_TEXT]) {
    const parsed = parseIssueArgs(text);
    if (!parsed.ok) throw new Error(`bench sample command does not parse: ${parsed.problems[0]?.message ?? ''}`);
  }
  return [
    await measure('tokenizeArgs, 1 line', () => tokenizeArgs(oneLine), { maxCount: 50_000, maxMs: 2_000 }),
    await measure('parseIssueArgs, 1 line', () => parseIssueArgs(oneLine), { maxCount: 50_000, maxMs: 2_000 }),
    await measure('parseIssueArgs, IME text', () => parseIssueArgs(IME_TEXT), { maxCount: 50_000, maxMs: 2_000 }),
    await measure('parseIssueArgs, 20 lines', () => parseIssueArgs(twentyLines), { maxCount: 5_000, maxMs: 2_000 }),
  ];
}
