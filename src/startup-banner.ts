/**
 * What `npm start` prints once the bot listens: one line with the active platforms and provider, then where to go —
 * the web chat when it is on. The console's token is never printed: whoever set it knows it.
 */
import type { Config } from './config.js';
import type { PlatformName } from './bot/platform.js';

export function startupBanner(config: Config, running: { port: number; platforms: readonly PlatformName[]; provider: string }): string[] {
  const sandbox = config.provider.kind === 'sandbox';
  const provider = sandbox ? 'sandbox（内置税务接口模拟器，短信验证码 123456）' : running.provider;
  const platforms = running.platforms.length ? running.platforms.join(', ') : '无 / none';
  const lines = [`fapiao-bot 已启动 / started · 平台 platforms: ${platforms} · 税务接口 provider: ${provider}`];
  const base = config.port === 0 ? `http://localhost:${running.port}` : config.publicUrl;
  if (config.console) {
    lines.push(
      config.console.token
        ? `网页聊天 / web chat: ${base}/console?token=<CONSOLE_TOKEN>`
        : `网页聊天 / web chat: ${base}/console  ← 打开它试用机器人 / open it to try the bot`,
    );
  } else if (running.platforms.length === 0) {
    lines.push('没有可用的聊天平台：设置 FEISHU_APP_ID 等，或去掉 CONSOLE=off / no chat platform: configure one, or leave CONSOLE on');
  }
  return lines;
}
