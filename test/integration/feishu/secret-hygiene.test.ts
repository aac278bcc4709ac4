import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createFeishuClient } from '../../../src/bot/feishu/client.js';
import { createFeishuSender } from '../../../src/bot/feishu/sender.js';
import { startFakeFeishu, type FakeFeishu } from '../../fakes/feishu/platform.js';
import { capturedLog } from '../../helpers/captured-log.js';

let fake: FakeFeishu;

afterEach(async () => {
  await fake.close();
});

/** A pino logger at trace level whose every line is kept in memory. */
function capturingLogger() {
  const log = capturedLog();
  return { logger: pino({ level: 'trace' }, log.stream), text: log.text };
}

describe('Feishu adapter logging', () => {
  it('never writes the app secret or a tenant token, even when the SDK logs failed requests', async () => {
    fake = await startFakeFeishu({ appSecret: 'very-secret-app-secret' });
    const { logger, text } = capturingLogger();
    const chat = { platform: 'feishu' as const, chatId: 'oc_1', chatType: 'group' as const };

    const wrongSecret = createFeishuSender({
      client: createFeishuClient({ appId: fake.appId, appSecret: 'wrong-secret-value', domain: fake.url, logger }),
      logger,
    });
    await expect(wrongSecret.sendText(chat, 'x', 'k1')).rejects.toThrow();

    const sender = createFeishuSender({
      client: createFeishuClient({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url, logger }),
      logger,
      sleep: async () => {},
    });
    await sender.sendText(chat, 'hello', 'k2');
    fake.expireTokens();
    fake.rateLimitNext(1);
    await sender.sendText(chat, 'again', 'k3');
    fake.failNext(1, { status: 400, code: 230002, msg: 'Bot/User can NOT be out of the chat.' });
    await expect(sender.sendText(chat, 'x', 'k4')).rejects.toThrow(/230002/);

    const logged = text();
    expect(logged).toContain('lark-sdk');
    expect(logged).toContain('230002');
    expect(logged).not.toContain('very-secret-app-secret');
    expect(logged).not.toContain('wrong-secret-value');
    expect(logged).not.toContain('t-fake-');
  });
});
