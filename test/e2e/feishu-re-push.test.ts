import { afterEach, describe, expect, it } from 'vitest';
import { REPLAY_WINDOW_MS } from '../../src/bot/replay-window.js';
import { deliver, messageEvent, rePush, signedEvent, type SignedRequest } from '../fakes/feishu/events.js';
import { CHAT, CLERK, ENCRYPT_KEY, startHarness, VERIFICATION_TOKEN, type Harness } from './harness.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
const HOUR = 3600_000;

describe('Feishu: re-pushes keep their first timestamp and still run once', () => {
  let h: Harness;
  /** The receiver's clock: Feishu re-pushes hours later with the timestamp of the first push. */
  let clock: number;
  afterEach(() => h.close());

  async function start(): Promise<void> {
    clock = Date.now();
    h = await startHarness({ feishuNow: () => clock });
  }

  function firstPush(text: string): SignedRequest {
    const event = messageEvent({
      chatId: CHAT,
      userId: CLERK,
      text,
      mentionBot: true,
      botOpenId: h.feishu.botOpenId,
      verificationToken: VERIFICATION_TOKEN,
      appId: h.feishu.appId,
    });
    return signedEvent(event, { encryptKey: ENCRYPT_KEY, timestamp: Math.floor(clock / 1000) });
  }

  const push = (request: SignedRequest) => deliver(`${h.bot.url}/feishu/webhook`, request);
  const previews = () => h.feishu.messagesIn(CHAT).filter((m) => m.msgType === 'interactive');

  /** A later message answered means every earlier delivery has been handled (or skipped). */
  async function settled(): Promise<void> {
    expect((await push(firstPush('帮助'))).status).toBe(200);
    await h.text('开票');
  }

  it('acknowledges re-pushes 1 h and 6 h later and runs the request once', async () => {
    await start();
    const first = firstPush(ISSUE);
    expect((await push(first)).status).toBe(200);
    await h.card('开票预览');

    clock += HOUR;
    expect((await push(rePush(first, { encryptKey: ENCRYPT_KEY }))).status).toBe(200);
    clock += 5 * HOUR;
    expect((await push(rePush(first, { encryptKey: ENCRYPT_KEY }))).status).toBe(200);
    await settled();
    expect(previews()).toHaveLength(1);
  });

  it('runs a request for the first time when only its 6 h re-push arrives', async () => {
    await start();
    const lost = firstPush(ISSUE);
    clock += 6 * HOUR;
    expect((await push(rePush(lost, { encryptKey: ENCRYPT_KEY }))).status).toBe(200);
    await h.card('开票预览');
  });

  it('refuses a signed request older than the dedupe record of its original could be', async () => {
    await start();
    const old = firstPush(ISSUE);
    clock += REPLAY_WINDOW_MS + 60_000;
    expect((await push(old)).status).toBe(401);
    await settled();
    expect(previews()).toHaveLength(0);
  });
});
