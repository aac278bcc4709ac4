/**
 * The bot's outside world in a process of its own: the fake Feishu open platform (which receives every reply)
 * and the jumdata simulator. Kept out of the load generator's process so answering the bot's replies does not
 * delay the acknowledgements being timed there. Options come from the parent as JSON (BENCH_FAKES_OPTIONS).
 */
import { startSandbox, type SandboxOptions } from '../../src/api/sandbox/index.js';
import { startFakeFeishu } from '../../test/fakes/feishu/platform.js';
import { memoryMiB, serveRpc } from './child-rpc.js';
import { exitSoon } from './exit-soon.js';
import { watchMessages, type MessageQuery } from './message-watch.js';
import type { FakesReady } from './processes.js';

const sandboxOptions = JSON.parse(process.env.BENCH_FAKES_OPTIONS ?? '{}') as Partial<SandboxOptions>;
const JUMDATA_APP_ID = 'bench-jumdata';
const JUMDATA_APP_SECRET = 'bench-jumdata-secret';

const feishu = await startFakeFeishu({ appSecret: 'bench-feishu-secret' });
const sandbox = await startSandbox({ appId: JUMDATA_APP_ID, appSecret: JUMDATA_APP_SECRET, ...sandboxOptions });
const watch = watchMessages(feishu);

await serveRpc(
  {
    memory: () => memoryMiB(),
    messageCount: () => feishu.messages.length,
    waitForMessages: (query: MessageQuery) => watch.waitFor(query),
    forgetMessages: () => watch.forget(),
    async stop() {
      watch.stop();
      await feishu.close();
      await sandbox.close();
      exitSoon();
    },
  },
  async (): Promise<FakesReady> => ({
    feishu: { url: feishu.url, appId: feishu.appId, appSecret: feishu.appSecret, botOpenId: feishu.botOpenId, botName: feishu.botName },
    sandbox: { url: sandbox.url, appId: JUMDATA_APP_ID, appSecret: JUMDATA_APP_SECRET },
  }),
);
