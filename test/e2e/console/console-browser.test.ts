/**
 * The newcomer's path in a real browser (Debian's Chromium through playwright-core): log in, issue by clicking,
 * approve as a second speaker, pass the face scan with 模拟扫码, open the invoice's download link; a reload keeps the
 * history; a bad input is answered; the page logs no error. A screenshot is kept in test-artifacts/.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleBot, type ConsoleBot } from './console-bot.js';

const CHROMIUM = '/usr/bin/chromium';
const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';
/** Generous: the machine is shared; every wait ends as soon as its text shows. */
const WAIT = { timeout: 25_000 };

let running: ConsoleBot;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function say(text: string): Promise<void> {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
  await page.locator('.message.mine .bubble', { hasText: text }).last().waitFor(WAIT);
}

const botSays = (text: string) => page.locator('.message', { hasText: text }).last().waitFor(WAIT);

describe.skipIf(!existsSync(CHROMIUM))('the web chat in Chromium', () => {
  beforeAll(async () => {
    running = await startConsoleBot();
    // --no-sandbox: CI runs as root in a container, where Chromium's own sandbox cannot start.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console: ${message.text()} at ${message.location().url}`);
    });
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${running.url}/console`);
    await page.locator('body[data-ready]').waitFor(WAIT);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('issues an invoice by clicking, approved by a second speaker, to a working download link', async () => {
    await page.getByLabel('财务小王').check();
    await say('登录');
    await botSays('短信验证码已发送');
    await say('验证码 123456');
    await botSays('税局登录成功');

    await say(ISSUE);
    await page.getByRole('button', { name: '确认开具' }).last().click();
    await page.getByRole('button', { name: '同意' }).last().waitFor(WAIT);
    await page.getByLabel('主管老李').check();
    await page.getByRole('button', { name: '同意' }).last().click();

    await page.locator('.message img').last().waitFor(WAIT);
    await page.getByRole('button', { name: '模拟扫码' }).click();
    const issued = page.locator('.message', { hasText: '发票已开具' }).last();
    await issued.waitFor(WAIT);
    const href = await issued.locator('a').first().getAttribute('href');
    expect(href).toMatch(/^http:\/\/.+\.pdf$/);
    const download = await fetch(href!.replace(/^http:\/\/localhost:\d+/, running.url));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('pdf');
  }, 120_000);

  it('answers a bad input by naming the field, and sends nothing', async () => {
    await say('开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=0 税率=6%');
    await botSays('金额必须大于 0');
  }, 60_000);

  it('keeps the history over a reload, and logged no error in the browser', async () => {
    const before = await page.locator('.message').count();
    await page.reload();
    await page.locator('body[data-ready]').waitFor(WAIT);
    await page.locator('.message', { hasText: '发票已开具' }).last().waitFor(WAIT);
    await page.waitForFunction(`document.querySelectorAll('.message').length >= ${before}`, undefined, WAIT);
    await mkdir('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/console.png', fullPage: false });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
