/**
 * Who may open the web chat. With CONSOLE_TOKEN, whoever brings the token once (`/console?token=…`) gets it as a
 * same-site, script-proof cookie; every other console request needs that cookie. Without a token the console is open,
 * except that with a real tax provider only this machine may use it: a real account is never open to the network.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';

export const TOKEN_COOKIE = 'fapiao_console';

export interface ConsoleAccess {
  token?: string;
  /** No token and a real provider: loopback only. */
  loopbackOnly: boolean;
}

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

export function mayUseConsole(ctx: Context, access: ConsoleAccess): boolean {
  if (access.token) {
    const cookie = ctx.cookies.get(TOKEN_COOKIE);
    return cookie !== undefined && sameText(cookie, access.token);
  }
  return !access.loopbackOnly || LOOPBACK.test(ctx.req.socket.remoteAddress ?? '');
}

/** `?token=` on the page address: right → the cookie is set and true; absent or wrong → false. */
export function acceptTokenFromQuery(ctx: Context, access: ConsoleAccess): boolean {
  const offered = ctx.query.token;
  if (!access.token || typeof offered !== 'string' || !sameText(offered, access.token)) return false;
  ctx.cookies.set(TOKEN_COOKIE, offered, { httpOnly: true, sameSite: 'strict', path: '/console', overwrite: true });
  return true;
}
