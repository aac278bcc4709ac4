import { describe, expect, it } from 'vitest';
import { formatChinaMinute } from '../../../src/china-time.js';
import { expiryCard } from '../../../src/flows/expiry-cards.js';

const NOW = Date.UTC(2026, 2, 2, 2, 0);
const MINUTE = 60_000;

describe('the expiry warning card', () => {
  it('says what ends, when, how long is left, and offers the button that renews it', () => {
    const card = expiryCard({ what: 'login', expiresAt: NOW + 25 * MINUTE, over: false }, NOW);
    expect(card.title).toBe('电子税务局登录即将过期');
    expect(card.state).toBe('pending');
    expect(card.body?.[0]).toBe(`电子税务局登录将于 ${formatChinaMinute(NOW + 25 * MINUTE)} 过期（还有 25 分钟）。`);
    expect(card.buttons).toEqual([{ text: '登录', style: 'primary', value: { op: 'login' } }]);
  });

  it('tells an end that has passed from one cut short', () => {
    const ran = expiryCard({ what: 'faceAuth', expiresAt: NOW - 5 * MINUTE, over: true }, NOW);
    expect(ran.title).toBe('开票员人脸认证已过期');
    expect(ran.state).toBe('danger');
    expect(ran.body?.[0]).toBe(`开票员人脸认证已于 ${formatChinaMinute(NOW - 5 * MINUTE)} 过期。`);
    expect(ran.buttons?.map((button) => button.value)).toEqual([{ op: 'face_auth' }]);
    const cut = expiryCard({ what: 'faceAuth', expiresAt: NOW + 600 * MINUTE, over: true }, NOW);
    expect(cut.body?.[0]).toBe(`开票员人脸认证已失效（原定 ${formatChinaMinute(NOW + 600 * MINUTE)} 到期）。`);
  });
});
