/** `npm start`: read the environment (and .env), start the bot, stop cleanly on SIGINT / SIGTERM. */
import { startBot } from './app.js';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { StoreDamagedError, StoreLockedError } from './store/errors.js';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const bot = await startBot(config);
  if (config.provider.kind === 'sandbox') {
    console.log(
      `fapiao-bot 已在沙箱模式启动：http://localhost:${bot.port}/healthz （内置税务接口模拟器，短信验证码 123456）`,
    );
  }
  const stop = async () => {
    await bot.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`配置错误 / configuration error: ${error.message}`);
  } else if (error instanceof StoreLockedError || error instanceof StoreDamagedError) {
    console.error(`存储错误 / store error: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
