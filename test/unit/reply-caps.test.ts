import { describe, expect, it } from 'vitest';
import { capList, formatCount, truncateEcho } from '../../src/reply-caps.js';

describe('reply caps', () => {
  it('lists the first items and counts the rest', () => {
    const items = Array.from({ length: 5000 }, (_, index) => `问题 ${index}`);
    const capped = capList(items);
    expect(capped).toHaveLength(21);
    expect(capped.at(-1)).toBe('…还有 4 980 处');
    expect(capList(['a', 'b'], 2)).toEqual(['a', 'b']);
  });

  it('groups thousands with a space', () => {
    expect([formatCount(7), formatCount(4980), formatCount(1234567)]).toEqual(['7', '4 980', '1 234 567']);
  });

  it('cuts a long echoed value by characters and marks the cut', () => {
    expect(truncateEcho('购'.repeat(31))).toBe(`${'购'.repeat(30)}…`);
    expect(truncateEcho('𠀀'.repeat(30))).toBe('𠀀'.repeat(30));
  });
});
