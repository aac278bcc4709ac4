/** 认证: post the face-auth QR code; the bot polls the result and tells the chat when it passes or expires. */
import type { FaceAuthApp } from '../api/provider.js';
import { LOGIN_BEFORE_FACE_AUTH_TEXT, needsLogin, providerErrorText } from '../flows/provider-error-text.js';
import { defineAction, defineCommand } from './registry.js';
import type { BotServices } from './services.js';

const APP_WORDS: Record<string, FaceAuthApp> = {
  个税: 'personal_tax',
  个税app: 'personal_tax',
  税务: 'tax_bureau',
  税务app: 'tax_bureau',
  税局: 'tax_bureau',
};

async function startFaceAuth(services: BotServices, chat: Parameters<BotServices['flows']['faceAuth']['start']>[0], app?: FaceAuthApp, force = false) {
  try {
    const started = await services.flows.faceAuth.start(chat, { app, force });
    return started === 'already_waiting' ? '已有一个二维码在等待扫码，请用它完成认证；如需新的二维码，请发送「认证 重新获取」。' : undefined;
  } catch (error) {
    // No login yet is the newcomer's usual case: tell the next step, not a failure.
    if (needsLogin(error)) return LOGIN_BEFORE_FACE_AUTH_TEXT;
    return `获取二维码失败：${providerErrorText(error)}`;
  }
}

export const authCommand = defineCommand<BotServices>({
  name: '认证',
  aliases: ['auth'],
  usage: '认证 [个税|税务] [重新获取]',
  example: '认证',
  summary: '发出人脸认证二维码，开票员用个税 App 或税务 App 扫码',
  permission: 'allowed',
  handler({ inbound, args, services }) {
    const words = args.positional.map((word) => word.toLowerCase());
    const app = words.map((word) => APP_WORDS[word]).find(Boolean);
    const force = words.some((word) => word === '重新获取' || word === 'new') || app !== undefined;
    return startFaceAuth(services, inbound.chat, app, force);
  },
});

export const faceAuthNewAction = defineAction<BotServices>({
  op: 'face_auth_new',
  permission: 'allowed',
  async handler({ inbound, value, services }) {
    const app = value.app === 'tax_bureau' || value.app === 'personal_tax' ? value.app : undefined;
    const text = await startFaceAuth(services, inbound.chat, app, true);
    return { answer: { toast: { type: text ? 'error' : 'info', text: text ?? '新的二维码已发送' } } };
  },
});

/** The 认证 button of an expiry warning: what typing 认证 does, in the chat it was clicked in, for the same people. */
export const faceAuthAction = defineAction<BotServices>({
  op: 'face_auth',
  permission: 'allowed',
  async handler({ inbound, services }) {
    const text = await startFaceAuth(services, inbound.chat);
    return { text, answer: { toast: { type: 'info', text: text ? '请看群消息' : '二维码已发送' } } };
  },
});
