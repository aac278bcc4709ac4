/** Issue, approve and refund through the web chat over HTTP: everything the bot does, with the console's people. */
import { expect, it } from 'vitest';
import { startConsoleBot, type PageMessage } from './console-bot.js';

const hasButton = (text: string) => (message: PageMessage) =>
  Boolean(message.card?.buttons?.some((button) => button.text === text) || message.card?.form?.submit.text === text);
const valueOf = (message: PageMessage, text: string) =>
  (message.card?.buttons?.find((button) => button.text === text) ?? message.card!.form!.submit).value;

it('issues and refunds in the console, 主管老李 approving each', async () => {
  const bot = await startConsoleBot();
  try {
    await bot.say('登录');
    await bot.waitFor((message) => message.text?.includes('短信验证码已发送') ?? false, 'asking for the SMS code');
    await bot.say('验证码 123456');
    await bot.waitFor((message) => message.text?.includes('登录成功') ?? false, 'logged in');

    await bot.say('开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%');
    const preview = await bot.waitFor(hasButton('确认开具'), 'the preview');
    await bot.click(preview.id, valueOf(preview, '确认开具'));
    const approval = await bot.waitFor(hasButton('同意'), 'the approval card');
    await bot.click(approval.id, valueOf(approval, '同意'), { user: 'li' });
    await bot.waitFor((message) => Boolean(message.imageUrl || message.card?.image), 'the face-auth QR');
    await fetch(`${bot.url}/sandbox/__sandbox/scan`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const issued = await bot.waitFor((message) => message.text?.includes('发票已开具') ?? false, 'the invoice');
    const blue = /发票号码：(\d+)/.exec(issued.text!)![1];

    await bot.say(`红冲 ${blue} 销货退回`);
    const redPreview = await bot.waitFor(hasButton('确认红冲'), 'the refund preview');
    await bot.click(redPreview.id, valueOf(redPreview, '确认红冲'));
    const redApproval = await bot.waitFor((message) => message.id !== approval.id && hasButton('同意')(message), 'the refund approval');
    await bot.click(redApproval.id, valueOf(redApproval, '同意'), { user: 'li' });
    const red = await bot.waitFor((message) => message.text?.includes('红字发票已开具') ?? false, 'the red invoice');
    expect(red.text).toContain(`对应蓝字发票：${blue}`);
    // Names, not ids, on the cards: the console's address book is its three people.
    expect(JSON.stringify((await bot.messages()).find((message) => message.id === preview.id)?.card)).toContain('申请人 财务小王');
  } finally {
    await bot.close();
  }
}, 90_000);
