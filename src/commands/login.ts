/** 登录 and 验证码: log the seller account into the tax bureau, with an SMS code when the bureau asks for one. */
import { defineAction, defineCommand, type CommandContext } from './registry.js';
import type { BotServices } from './services.js';

export const loginCommand = defineCommand<BotServices>({
  name: '登录',
  aliases: ['login'],
  usage: '登录',
  example: '登录',
  summary: '登录电子税务局；需要短信验证码时机器人会提示',
  permission: 'allowed',
  handler: ({ inbound, services }) => services.flows.login.login(inbound.chat),
});

export const smsCodeCommand = defineCommand<BotServices>({
  name: '验证码',
  aliases: ['code'],
  usage: '验证码 <6 位数字>',
  example: '验证码 123456',
  summary: '提交税局发到开票员手机的短信验证码，完成登录',
  permission: 'allowed',
  handler: ({ inbound, args, services }) => {
    const code = args.positional[0] ?? args.rest;
    if (code.trim() === '') return '请在「验证码」后面写上收到的 6 位数字，例如：验证码 123456';
    return services.flows.login.verify(inbound.chat, code);
  },
});

/** The bureau's SMS codes: 6 digits. */
const BARE_SMS_CODE = /^\d{6}$/u;

/**
 * The code of a message that is nothing but 6 digits (`123456`) while a login waits for its SMS code, so it can be
 * taken as `验证码 123456`; otherwise undefined (the message is not a code, or no login asked for one).
 */
export function bareSmsCode({ args, services }: CommandContext<BotServices>): string | undefined {
  if (args.rest.trim() !== '' || !BARE_SMS_CODE.test(args.name)) return undefined;
  const { sessions, accountKey } = services.flowContext;
  return sessions.get(accountKey).smsTaskId ? args.name : undefined;
}

/**
 * The 登录 button of an expiry warning: what typing 登录 does, in the chat it was clicked in, for the same people.
 * It names no job, so there is nothing else to check the click against.
 */
export const loginAction = defineAction<BotServices>({
  op: 'login',
  permission: 'allowed',
  async handler({ inbound, services }) {
    const text = await services.flows.login.login(inbound.chat);
    return { text, answer: { toast: { type: 'info', text: '已开始登录，结果见群消息' } } };
  },
});
