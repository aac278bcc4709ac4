/**
 * Bureau login: start it, and when the bureau sends an SMS code, keep the SMS task until someone types
 * `验证码 123456`. A successful login lets jobs that waited for it go on.
 */
import { ProviderError, ProviderErrorCode } from '../api/provider.js';
import type { ChatRef } from '../bot/platform.js';
import { formatChinaMinute } from '../china-time.js';
import type { FlowContext } from './context.js';
import { providerErrorText } from './provider-error-text.js';
import { loginElsewhere } from './provider-notes.js';

/** The bureau's SMS codes are 6 digits and live a few minutes. */
const SMS_CODE = /^\d{6}$/;
const SMS_VALID_MS = 10 * 60_000;

export interface LoginFlow {
  /** Starts a login; the reply says whether it is done or an SMS code is needed. */
  login(chat: ChatRef): Promise<string>;
  /** Finishes a login with the SMS code. */
  verify(chat: ChatRef, code: string): Promise<string>;
}

export interface LoginHooks {
  loggedIn(): Promise<void>;
}

function maskPhone(phone: string | undefined): string {
  if (!phone) return '开票员的手机';
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '开票员的手机';
}

function expiryText(expiresAt: Date | undefined): string {
  return expiresAt ? `，有效期至 ${formatChinaMinute(expiresAt.getTime())}` : '';
}

export function createLoginFlow(ctx: FlowContext, hooks: LoginHooks): LoginFlow {
  const { sessions, accountKey } = ctx;

  async function succeeded(expiresAt: Date | undefined): Promise<string> {
    await sessions.clear(accountKey, ['smsTaskId', 'smsRequestedAt']);
    await hooks.loggedIn();
    return `✅ 税局登录成功${expiryText(expiresAt)}。`;
  }

  /** The provider's client holds the login: check it, and let waiting jobs go on when it is there. */
  async function check(label: string): Promise<string> {
    try {
      await ctx.provider.login(ctx.account);
    } catch (error) {
      const why = error instanceof ProviderError && error.code === ProviderErrorCode.LoginRequired ? error.message : providerErrorText(error);
      return `❌ ${why}。登录后再发送「登录」，等待中的开票会自动继续。`;
    }
    await hooks.loggedIn();
    return `✅ ${label}客户端已登录电子税务局，可以开票。（税局登录在${label}客户端完成，机器人不能代为登录，也不需要短信验证码。）`;
  }

  return {
    async login(chat) {
      const label = loginElsewhere(ctx.provider);
      if (label) return check(label);
      try {
        const outcome = await ctx.provider.login(ctx.account);
        if (outcome.status === 'logged_in') return await succeeded(outcome.expiresAt);
        await sessions.update(accountKey, { smsTaskId: outcome.smsTaskId, smsRequestedAt: ctx.now() });
        return `短信验证码已发送到 ${maskPhone(ctx.account.phone)}，请回复：验证码 123456（换成收到的 6 位数字）`;
      } catch (error) {
        return `登录失败：${providerErrorText(error)}`;
      }
    },

    async verify(_chat, code) {
      const label = loginElsewhere(ctx.provider);
      if (label) return `${label}不使用短信验证码：电子税务局登录在${label}客户端完成。发送「登录」可检查登录状态。`;
      const trimmed = code.trim();
      if (!SMS_CODE.test(trimmed)) return '验证码必须是 6 位数字，例如：验证码 123456';
      const session = sessions.get(accountKey);
      if (!session.smsTaskId || ctx.now() - (session.smsRequestedAt ?? 0) > SMS_VALID_MS) {
        return '没有等待验证码的登录（或验证码已过期），请先发送「登录」';
      }
      try {
        const outcome = await ctx.provider.verifyLoginCode(ctx.account, session.smsTaskId, trimmed);
        if (outcome.status === 'logged_in') return await succeeded(outcome.expiresAt);
        await sessions.update(accountKey, { smsTaskId: outcome.smsTaskId, smsRequestedAt: ctx.now() });
        return `需要新的验证码，已再次发送到 ${maskPhone(ctx.account.phone)}，请回复：验证码 123456`;
      } catch (error) {
        if (error instanceof ProviderError && error.category === 'user') return providerErrorText(error);
        return `登录失败：${providerErrorText(error)}`;
      }
    },
  };
}
