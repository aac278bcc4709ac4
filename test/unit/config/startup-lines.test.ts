/** What `npm start` prints: one line per start-up problem a person can fix, and the banner naming where to go. */
import { createServer } from 'node:net';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBot } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { startupBanner } from '../../../src/startup-banner.js';
import { startupProblem } from '../../../src/startup-problem.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const quiet = { logger: createLogger('silent'), host: '127.0.0.1' };

describe('start-up lines', () => {
  it('a port in use is one 配置错误 line naming PORT', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const dir = await makeTempDir();
    const config = loadConfig({ DATA_DIR: dir.dir, PORT: String(port) });
    const error = await startBot(config, quiet).catch((caught: unknown) => caught);
    taken.close();
    await dir.remove();
    expect(startupProblem(error, config)).toBe(
      `配置错误 / configuration error: PORT ${port} 已被占用 / is in use: stop what uses it, or set PORT to another port`,
    );
  });

  it('a DATA_DIR that is a file is one 配置错误 line naming DATA_DIR', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir.dir, 'not-a-dir');
    await writeFile(file, '');
    const config = loadConfig({ DATA_DIR: file, PORT: '0' });
    const error = await startBot(config, quiet).catch((caught: unknown) => caught);
    await dir.remove();
    expect(startupProblem(error, config)).toBe(`配置错误 / configuration error: DATA_DIR ${file} 不是目录 / is not a directory`);
  });

  it('leaves a bug its stack', () => {
    expect(startupProblem(new TypeError('x is undefined'), { port: 1, dataDir: 'd' })).toBeUndefined();
  });

  it('says which platforms and provider are active, and where the web chat is (never its token)', () => {
    expect(startupBanner(loadConfig({}), { port: 3000, platforms: ['console'], provider: 'sandbox' })).toEqual([
      'fapiao-bot 已启动 / started · 平台 platforms: console · 税务接口 provider: sandbox（内置税务接口模拟器，短信验证码 123456）',
      '网页聊天 / web chat: http://localhost:3000/console  ← 打开它试用机器人 / open it to try the bot',
    ]);
    const beside = loadConfig({ FEISHU_APP_ID: 'a', FEISHU_APP_SECRET: 'b', FEISHU_VERIFICATION_TOKEN: 'c', CONSOLE: 'on', CONSOLE_TOKEN: 'secret-t' });
    const lines = startupBanner(beside, { port: 3000, platforms: ['feishu', 'console'], provider: 'sandbox' });
    expect(lines[0]).toContain('平台 platforms: feishu, console');
    expect(lines.join('\n')).not.toContain('secret-t');
  });
});
