/** Someone new to the bot, on every platform, doing things in the order a newcomer does: the replies say what to do next. */
import { afterEach, describe, expect, it } from 'vitest';
import { cardNow, CHAT_PLATFORMS, startChatHarness, type ChatHarness } from './chat-harness.js';
import { CLERK, type HarnessOptions } from './harness.js';
import { replyTo } from './typed-replies.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
const STRANGER = 'ou_stranger';

describe.each(CHAT_PLATFORMS)('%s: a newcomer’s first steps', (platform) => {
  let h: ChatHarness;
  afterEach(() => h.close());

  const start = async (options: HarnessOptions = {}) => {
    h = await startChatHarness(platform, options);
    return h;
  };
  const loggedIn = async () => {
    await start({ sandbox: { smsRequired: false } });
    await h.say('登录');
    await h.text('税局登录成功');
  };

  it('takes a bare 6-digit code as the SMS code of a login waiting for one, and only from someone who may use 验证码', async () => {
    await start({ env: { ALLOWED_USERS: CLERK } });
    expect(await replyTo(h, '123456')).toContain('我不认识「123456」');

    await h.say('登录');
    await h.text('短信验证码已发送');
    expect(await replyTo(h, '123456', { userId: STRANGER })).toContain('你还没有使用「验证码」的权限');
    expect(await replyTo(h, '123456')).toContain('税局登录成功');
    // The login is done: a bare number is no code any more.
    expect(await replyTo(h, '654321')).toContain('我不认识「654321」');
  });

  it('marks commands 需开票权限 only when ALLOWED_USERS restricts them', async () => {
    await start({ env: { BOT_ADMINS: 'ou_admin' } });
    const open = await replyTo(h, '帮助');
    expect(open).not.toContain('需开票权限');
    expect(open).toContain('（仅管理员）');
    expect(await replyTo(h, '帮助 开票')).not.toContain('需开票权限');
    await h.close();

    await start({ env: { ALLOWED_USERS: CLERK } });
    expect(await replyTo(h, '帮助')).toContain('需开票权限');
  });

  it('answers 认证 before any login with the step to take first, not a failure', async () => {
    await start({ sandbox: { smsRequired: false } });
    const text = await replyTo(h, '认证');
    expect(text).toContain('请先发送「登录」');
    expect(text).not.toContain('失败');
  });

  it('tells a job that needs a scan while the login is gone to log in first', async () => {
    await loggedIn();
    await h.control('inject', { path: 'authQrcode', code: 302 });
    await h.say(ISSUE);
    await h.click(await h.card('开票预览'), '确认开具');
    const text = await h.text('税局要求人脸认证');
    expect(text).toContain('请先发送「登录」');
    expect(text).not.toContain('失败');
  });

  it('says waiting jobs go on after a scan only when some wait', async () => {
    await loggedIn();
    await h.say('认证');
    await h.card('人脸认证');
    await h.control('scan', {});
    const alone = await h.text('人脸认证已通过');
    expect(alone).not.toContain('等待中');
    expect(alone).toContain('现在可以开票');
    expect((await cardNow(h, '人脸认证已通过')).text).not.toContain('等待中');
  });

  it('says the waiting job goes on after the scan it waited for', async () => {
    await loggedIn();
    await h.say(ISSUE);
    await h.click(await h.card('开票预览'), '确认开具');
    await h.card('人脸认证');
    await h.control('scan', {});
    expect(await h.text('人脸认证已通过')).toContain('等待中的开票会自动继续');
    await h.text('发票已开具');
  });

  it('shows who asked by name on the preview card, not their user id', async () => {
    await start();
    h.knowPeople({ [CLERK]: '财务小王' });
    await h.say(ISSUE);
    const footer = (await h.card('开票预览')).text;
    expect(footer).toContain('申请人 财务小王');
    expect(footer).not.toContain(CLERK);
  });
});
