/** `npm start`: read the environment (and .env), start the bot, stop cleanly on SIGINT / SIGTERM. */
import { startBot } from './app.js';
import { loadConfig, loadDotEnv, type Config } from './config.js';
import { startupBanner } from './startup-banner.js';
import { startupProblem } from './startup-problem.js';

let config: Config | undefined;

async function main(): Promise<void> {
  loadDotEnv();
  config = loadConfig();
  const bot = await startBot(config);
  for (const line of startupBanner(config, { port: bot.port, platforms: bot.platforms, provider: bot.provider.name })) console.log(line);
  const stop = async () => {
    await bot.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(startupProblem(error, config) ?? error);
  process.exit(1);
});
