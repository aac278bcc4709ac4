import { afterEach, describe, expect, it } from 'vitest';
import { CLERK, startHarness, type Harness, type HarnessOptions } from './harness.js';

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
});
