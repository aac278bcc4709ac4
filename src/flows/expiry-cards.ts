/** The expiry warning: what ends (the bureau login or the face auth) and when, with the button that renews it. */
import type { Card, CardButton } from '../bot/platform.js';
import { formatChinaMinute } from '../china-time.js';
import type { Expiring } from '../store/expiry-watch.js';

export interface ExpiryWarning {
  what: Expiring;
  expiresAt: number;
  /** Already over (ended, or found invalid before its end), rather than ending soon. */
  over: boolean;
}

const NAME: Record<Expiring, string> = { login: '电子税务局登录', faceAuth: '开票员人脸认证' };

/** The buttons run the same actions as typing 登录 / 认证 (commands/login.ts, commands/auth.ts). */
export const RENEW_BUTTON: Record<Expiring, CardButton> = {
  login: { text: '登录', style: 'primary', value: { op: 'login' } },
  faceAuth: { text: '认证', style: 'primary', value: { op: 'face_auth' } },
};

const CONSEQUENCE: Record<Expiring, string> = {
  login: '过期后开票、红冲、查询都会暂停，需要重新登录（可能要开票员手机上的短信验证码）。',
  faceAuth: '过期后税局会在开票时要求开票员重新扫码认证。',
};

function minutesLeft(expiresAt: number, now: number): string {
  const minutes = Math.max(1, Math.round((expiresAt - now) / 60_000));
  return minutes >= 120 ? `约 ${Math.round(minutes / 60)} 小时` : `${minutes} 分钟`;
}

function headline(warning: ExpiryWarning, now: number): string {
  const name = NAME[warning.what];
  const at = formatChinaMinute(warning.expiresAt);
  if (!warning.over) return `${name}将于 ${at} 过期（还有 ${minutesLeft(warning.expiresAt, now)}）。`;
  return warning.expiresAt <= now ? `${name}已于 ${at} 过期。` : `${name}已失效（原定 ${at} 到期）。`;
}

export function expiryCard(warning: ExpiryWarning, now: number): Card {
  const button = RENEW_BUTTON[warning.what];
  return {
    title: `${NAME[warning.what]}${warning.over ? '已过期' : '即将过期'}`,
    state: warning.over ? 'danger' : 'pending',
    body: [headline(warning, now), '\n', CONSEQUENCE[warning.what], `\n点「${button.text}」现在处理，与发送「${button.text}」相同。`],
    buttons: [button],
    note: '同一次过期只提醒一次；最近 30 天用过机器人的群都会收到。',
  };
}
