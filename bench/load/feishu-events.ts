/**
 * What the load generator sends the bot: exactly what Feishu POSTs (schema 2.0, AES-encrypted, sha256-signed),
 * built with the fake platform's own event builders. Every event gets a fresh event_id, so none is a re-push.
 */
import { clickEvent, messageEvent, signedEvent, type SignedRequest } from '../../test/fakes/feishu/events.js';
import type { FakesReady } from './processes.js';

export const ENCRYPT_KEY = 'bench-encrypt-key';
export const VERIFICATION_TOKEN = 'bench-verification-token';
export const CLERK = 'ou_bench_clerk';
export const SELLER = { nsrsbh: '91330106MA2KXN4X3X', dq: '330000', gryhm: '13800000000', phone: '13800001234' };
export const ISSUE_TEXT = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
export const CONFIRM_BUTTON = '确认开具';

type FeishuApp = FakesReady['feishu'];

/** A clerk in `chatId` mentions the bot with `text`. */
export function chatMessage(feishu: FeishuApp, chatId: string, text: string): SignedRequest {
  const payload = messageEvent({
    chatId,
    userId: CLERK,
    text,
    mentionBot: true,
    botOpenId: feishu.botOpenId,
    botName: feishu.botName,
    verificationToken: VERIFICATION_TOKEN,
    appId: feishu.appId,
  });
  return signedEvent(payload, { encryptKey: ENCRYPT_KEY });
}

/** A clerk clicks the button labelled `buttonText` on a card the bot sent (its content as first sent). */
export function cardClick(
  feishu: FeishuApp,
  card: { messageId: string; chatId: string; content: unknown },
  buttonText: string,
): SignedRequest {
  const payload = clickEvent(card, buttonText, { userId: CLERK, verificationToken: VERIFICATION_TOKEN, appId: feishu.appId });
  return signedEvent(payload, { encryptKey: ENCRYPT_KEY });
}
