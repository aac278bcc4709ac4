import { describe, expect, it } from 'vitest';
import { AccessTokenCache, REFRESH_MARGIN_MS } from '../../../src/bot/dingtalk/access-token.js';

describe('DingTalk access token cache', () => {
  function cache() {
    let clock = 0;
    let fetches = 0;
    let release: () => void = () => undefined;
    const tokens = new AccessTokenCache(async () => {
      fetches += 1;
      const token = `t${fetches}`;
      await new Promise<void>((resolve) => (release = resolve));
      return { token, expiresInMs: 7200_000 };
    }, () => clock);
    return {
      tokens,
      fetches: () => fetches,
      release: () => release(),
      advance: (ms: number) => (clock += ms),
    };
  }

  it('fetches once for callers that ask while a fetch is under way', async () => {
    const c = cache();
    const asked = [c.tokens.get(), c.tokens.get(), c.tokens.get()];
    c.release();
    expect(await Promise.all(asked)).toEqual(['t1', 't1', 't1']);
    expect(c.fetches()).toBe(1);
  });

  it('refreshes before the token expires, not after', async () => {
    const c = cache();
    const first = c.tokens.get();
    c.release();
    await first;
    c.advance(7200_000 - REFRESH_MARGIN_MS - 1);
    expect(await c.tokens.get()).toBe('t1');
    c.advance(1);
    const refreshed = c.tokens.get();
    c.release();
    expect(await refreshed).toBe('t2');
  });

  it('drops a rejected token, but not a newer one that already replaced it', async () => {
    const c = cache();
    const first = c.tokens.get();
    c.release();
    await first;
    c.tokens.invalidate('t1');
    const second = c.tokens.get();
    c.release();
    expect(await second).toBe('t2');
    c.tokens.invalidate('t1');
    expect(await c.tokens.get()).toBe('t2');
    expect(c.fetches()).toBe(2);
  });
});
