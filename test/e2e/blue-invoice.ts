/** Where refund, approval and confirmation scenarios start: a seller ready to issue, and blue invoices issued through the chat. */
import { waitUntil, startChatHarness, type ChatHarness, type ChatPlatform } from './chat-harness.js';
import { startHarness, type Harness, type HarnessOptions } from './harness.js';

/** A seller logged in (no SMS) whose face auth passed, in the harness's group. */
export async function startReadyToIssue(platform: ChatPlatform, options: HarnessOptions = {}): Promise<ChatHarness> {
  const h = await startChatHarness(platform, { ...options, sandbox: { smsRequired: false, faceAutoPassMs: 0, ...options.sandbox } });
  await h.say('登录');
  await h.text('税局登录成功');
  await h.say('认证');
  await h.text('人脸认证已通过');
  return h;
}

/** `issue` typed and confirmed by `userId` (default the clerk), with nobody else to approve: the delivered invoice's number. */
export async function issueThroughChat(h: ChatHarness, issue: string, { userId }: { userId?: string } = {}): Promise<string> {
  const delivered = () => h.texts().filter((text) => text.includes('发票已开具') && !text.includes('红字'));
  const before = delivered().length;
  const previews = h.cards().filter((card) => card.title.includes('开票预览')).length;
  await h.say(issue, { userId });
  const preview = await waitUntil(() => h.cards().filter((card) => card.title.includes('开票预览'))[previews], () => h.texts().join('\n'));
  await h.click(preview, '确认开具', { userId });
  const text = await waitUntil(() => delivered()[before], () => h.texts().join('\n'));
  const number = /发票号码：(\d{20})/u.exec(text)?.[1];
  if (!number) throw new Error(`no blue number in the delivery message: ${text}`);
  return number;
}

/** A seller ready to issue with one blue invoice of `issue` issued through the chat: where refund scenarios start. */
export async function startWithBlueInvoice(
  platform: ChatPlatform,
  issue: string,
  options: HarnessOptions = {},
): Promise<{ h: ChatHarness; blue: string }> {
  const h = await startReadyToIssue(platform, options);
  return { h, blue: await issueThroughChat(h, issue) };
}

/** The Feishu harness with one blue invoice: where Feishu's own refund tests (toasts, cards updated in place) start. */
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
