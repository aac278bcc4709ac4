import { afterEach, describe, expect, it } from 'vitest';
import { cardText } from '../fakes/feishu/card-reading.js';
import { CLERK, startHarness, type Harness, type HarnessOptions } from './harness.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
const STRANGER = 'ou_stranger';

/** Someone new to the bot, doing things in the order a newcomer does: the replies say what to do next. */
describe('Feishu: a newcomer’s first steps', () => {
  let h: Harness;
  afterEach(() => h.close());

  const start = async (options: HarnessOptions = {}) => {
    h = await startHarness(options);
    return h;
  };
  /** The next text the bot says after `text`. */
  const reply = async (text: string, options: { userId?: string } = {}): Promise<string> => {
    const before = h.texts().length;
    await h.say(text, options);
    await h.feishu.waitFor(() => h.texts().length > before || undefined);
    return h.texts().at(-1) ?? '';
  };
  /** Waits for a text containing `fragment`, and gives all of it. */
  const textWith = async (fragment: string): Promise<string> => {
    await h.text(fragment);
    return h.texts().find((text) => text.includes(fragment)) ?? '';
  };

  it('takes a bare 6-digit code as the SMS code of a login waiting for one', async () => {
    await start();
    expect(await reply('123456')).toContain('我不认识「123456」');

    await h.say('登录');
    await h.text('短信验证码已发送');
    expect(await reply('123456')).toContain('税局登录成功');
    // The login is done: a bare number is no code any more.
    expect(await reply('654321')).toContain('我不认识「654321」');
  });

  it('takes a bare code only from someone who may use 验证码', async () => {
    await start({ env: { ALLOWED_USERS: CLERK } });
    await h.say('登录');
    await h.text('短信验证码已发送');
    expect(await reply('123456', { userId: STRANGER })).toContain('你还没有使用「验证码」的权限');
    expect(await reply('123456')).toContain('税局登录成功');
  });

  it('marks commands 需开票权限 only when ALLOWED_USERS restricts them', async () => {
    await start({ env: { BOT_ADMINS: 'ou_admin' } });
    const open = await reply('帮助');
    expect(open).not.toContain('需开票权限');
    expect(open).toContain('（仅管理员）');
    expect(await reply('帮助 开票')).not.toContain('需开票权限');
    await h.close();

    await start({ env: { ALLOWED_USERS: CLERK } });
    expect(await reply('帮助')).toContain('需开票权限');
  });

  it('answers 认证 before any login with the step to take first, not a failure', async () => {
    await start({ sandbox: { smsRequired: false } });
    const text = await reply('认证');
    expect(text).toContain('请先发送「登录」');
    expect(text).not.toContain('失败');
  });

  it('tells a job that needs a scan while the login is gone to log in first', async () => {
    await start({ sandbox: { smsRequired: false } });
    await h.say('登录');
    await h.text('税局登录成功');
    await h.control('inject', { path: 'authQrcode', code: 302 });
    await h.say(ISSUE);
    await h.click(await h.card('开票预览'), '确认开具');
    const text = await textWith('税局要求人脸认证');
    expect(text).toContain('请先发送「登录」');
    expect(text).not.toContain('失败');
  });

  it('says waiting jobs go on after a scan only when some wait', async () => {
    await start({ sandbox: { smsRequired: false } });
    await h.say('登录');
    await h.text('税局登录成功');
    await h.say('认证');
    await h.card('人脸认证');
    await h.control('scan', {});
    const alone = await textWith('人脸认证已通过');
    expect(alone).not.toContain('等待中');
    expect(alone).toContain('现在可以开票');
    const qr = await h.card('人脸认证');
    expect(cardText(qr.content)).not.toContain('等待中');
  });

  it('says the waiting job goes on after the scan it waited for', async () => {
    await start({ sandbox: { smsRequired: false } });
    await h.say('登录');
    await h.text('税局登录成功');
    await h.say(ISSUE);
    await h.click(await h.card('开票预览'), '确认开具');
    await h.card('人脸认证');
    await h.control('scan', {});
    expect(await textWith('人脸认证已通过')).toContain('等待中的开票会自动继续');
    await h.text('发票已开具');
  });

  it('shows who asked by name on the preview card, not their open_id', async () => {
    await start();
    h.feishu.users.set(CLERK, '财务小王');
    await h.say(ISSUE);
    const footer = cardText((await h.card('开票预览')).content);
    expect(footer).toContain('申请人 财务小王');
    expect(footer).not.toContain(CLERK);
  });
});
