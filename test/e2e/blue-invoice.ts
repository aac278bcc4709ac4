/** A seller logged in (no SMS), face auth passed, and one blue invoice issued through the chat: where refund tests start. */
import { startHarness, type Harness, type HarnessOptions } from './harness.js';

export async function withBlueInvoice(issue: string, options: HarnessOptions = {}): Promise<{ h: Harness; blue: string }> {
  const h = await startHarness({ ...options, sandbox: { smsRequired: false, faceAutoPassMs: 0, ...options.sandbox } });
  await h.say('登录');
  await h.text('税局登录成功');
  await h.say('认证');
  await h.text('人脸认证已通过');
  await h.say(issue);
  await h.click(await h.card('开票预览'), '确认开具');
  const delivered = await h.text('发票已开具');
  const blue = /发票号码：(\d{20})/.exec(String(delivered.content.text))?.[1];
  if (!blue) throw new Error('no blue number in the delivery message');
  return { h, blue };
}
