/**
 * Tenant access tokens of the fake platform: issued for a correct app_id/app_secret, checked on every API call.
 * Like Feishu, asking again while the current token is still valid returns the same token.
 */
import { randomBytes } from 'node:crypto';

interface IssuedToken {
  token: string;
  appId: string;
  expiresAt: number;
  revoked: boolean;
}

export type TokenCheck = { ok: true; appId: string } | { ok: false; code: number; msg: string };

export class TokenRegistry {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly current = new Map<string, IssuedToken>();
  issuedCount = 0;

  constructor(
    private readonly expireSeconds: number,
    private readonly now: () => number,
  ) {}

  issue(appId: string): { token: string; expire: number } {
    const existing = this.current.get(appId);
    if (existing && !existing.revoked && existing.expiresAt > this.now()) {
      return { token: existing.token, expire: Math.floor((existing.expiresAt - this.now()) / 1000) };
    }
    const issued: IssuedToken = {
      token: `t-fake-${randomBytes(12).toString('hex')}`,
      appId,
      expiresAt: this.now() + this.expireSeconds * 1000,
      revoked: false,
    };
    this.tokens.set(issued.token, issued);
    this.current.set(appId, issued);
    this.issuedCount += 1;
    return { token: issued.token, expire: this.expireSeconds };
  }

  /** Every token issued so far, for tests that search logs for them. */
  all(): string[] {
    return [...this.tokens.keys()];
  }

  /** Checks an `Authorization` header the way the open platform answers: 99991661 missing, 99991663 invalid. */
  check(authorization: string | undefined): TokenCheck {
    const match = /^Bearer (.+)$/.exec(authorization ?? '');
    if (!match?.[1]) return { ok: false, code: 99991661, msg: 'Missing access token for authorization.' };
    const issued = this.tokens.get(match[1]);
    if (!issued || issued.revoked || issued.expiresAt <= this.now()) {
      return { ok: false, code: 99991663, msg: 'Invalid access token for authorization. Please make a request with token attached.' };
    }
    return { ok: true, appId: issued.appId };
  }

  /** Every token issued so far stops working (the platform rotated them); new ones are issued on request. */
  expireAll(): void {
    for (const issued of this.tokens.values()) issued.revoked = true;
  }
}
