/** The web chat over HTTP, as its page uses it: messages, checked clicks, once-only deliveries, history, the token. */
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleBot, type ConsoleBot } from './console-bot.js';

const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
const hasButton = (text: string) => (message: { card?: { buttons?: Array<{ text: string }> } }) =>
  Boolean(message.card?.buttons?.some((button) => button.text === text));

let running: ConsoleBot | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('the web chat over HTTP', () => {
  it('answers a typed command, shows who typed it, and keeps the conversation across a restart', async () => {
    running = await startConsoleBot();
    expect((await running.say('帮助')).status).toBe(200);
    await running.waitFor((message) => message.text?.includes('我能做这些') ?? false, 'help');
    const mine = (await running.messages()).find((message) => message.text === '帮助');
    expect(mine?.from).toEqual({ id: 'wang', name: '财务小王' });

    await running.restart();
    const after = await running.messages();
    expect(after.some((message) => message.text?.includes('我能做这些'))).toBe(true);
  });

  it('runs a click once, and refuses a button the card does not show, another card, and a stranger', async () => {
    running = await startConsoleBot();
    await running.say(ISSUE);
    const preview = await running.waitFor(hasButton('确认开具'), 'preview');
    const cancel = preview.card!.buttons!.find((button) => button.text === '取消')!;

    const forged = await running.click(preview.id, { ...cancel.value, op: 'something_else' });
    expect(forged.status).toBe(409);
    expect((await running.click('cm_nothing', cancel.value)).status).toBe(409);
    expect((await running.click(preview.id, cancel.value, { user: 'mallory' })).status).toBe(400);

    // A request sent twice (a retry after a dropped answer) runs once: one of the two answers, the other is silent.
    const answers = await Promise.all([1, 2].map(() => running!.click(preview.id, cancel.value, { id: 'click-once-1' })));
    const toasts = await Promise.all(answers.map(async (answer) => ((await answer.json()) as { toast?: unknown }).toast));
    expect(toasts.filter(Boolean)).toHaveLength(1);
    const cancelled = (await running.messages()).find((message) => message.id === preview.id)!;
    expect(cancelled.card?.buttons ?? []).toEqual([]);
    // The card no longer shows the button: pressing it again is refused before it reaches the bot.
    expect((await running.click(preview.id, cancel.value)).status).toBe(409);
  });

  it('needs CONSOLE_TOKEN beside a real chat platform, then serves whoever brought it', async () => {
    running = await startConsoleBot({
      CONSOLE: 'on',
      CONSOLE_TOKEN: 'let-me-in-please',
      FEISHU_APP_ID: 'cli_test',
      FEISHU_APP_SECRET: 'secret',
      FEISHU_VERIFICATION_TOKEN: 'verify',
      FEISHU_DOMAIN: 'http://127.0.0.1:9',
    });
    expect((await fetch(`${running.url}/console`)).status).toBe(401);
    expect((await fetch(`${running.url}/console/api/messages`)).status).toBe(401);
    expect((await fetch(`${running.url}/console?token=wrong`)).status).toBe(401);
    const opened = await fetch(`${running.url}/console?token=let-me-in-please`, { redirect: 'manual' });
    expect(opened.status).toBe(302);
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    expect(opened.headers.get('set-cookie')).toMatch(/httponly/i);
    expect((await fetch(`${running.url}/console`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${running.url}/console/api/messages`, { headers: { cookie } })).status).toBe(200);
  });
});
