/**
 * TAX_PROVIDER=kingdee end to end: a Feishu group issues through the Kingdee simulator exactly as through jumdata —
 * the face scan in Kingdee's own app (no QR), a restart mid-job, a status 6 retried — one invoice per request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cardText, cardTitle } from '../fakes/feishu/card-reading.js';
import { startHarness, type Harness } from './harness.js';

const ISSUE = `开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6% 备注=十月服务
项目=咨询费 金额=530 税率=6%`;

interface Call {
  path: string;
  errcode: string;
  data: Record<string, any>;
}

async function creates(h: Harness): Promise<Call[]> {
  return h.control('calls?path=bill/invoice/create');
}

function cardTitleOf(h: Harness, messageId: string): string {
  return cardTitle(h.feishu.message(messageId)?.content ?? {});
}

describe('Feishu on Kingdee: blue invoices', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('says where the clerk scans (no QR), waits for the scan, then issues once with one serialNo', async () => {
    h = await startHarness({ kingdee: {} });
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    await h.click(preview, '确认开具');

    const wait = await h.card('人脸认证');
    const shown = cardText(wait.originalContent);
    expect(shown).toContain('金蝶发票云 App 或金蝶发票云客户端');
    expect(JSON.stringify(wait.originalContent)).not.toContain('img_key');
    await h.feishu.waitFor(() => cardTitleOf(h, preview.messageId).includes('等待') || undefined);

    await h.control('scan', {});
    await h.text('人脸认证已通过');
    const delivered = String((await h.text('发票已开具')).content.text);
    const number = /发票号码：(\d{20})/.exec(delivered)?.[1];
    expect(number).toBeDefined();
    expect(delivered).toContain('价税合计：¥1,590.00');
    expect(delivered).toMatch(new RegExp(`下载：http://127\\.0\\.0\\.1:\\d+/__sandbox/download/${number}\\.pdf`));

    const sent = await creates(h);
    expect(sent.map((call) => call.errcode)).toEqual(['91400', '0000']);
    expect(new Set(sent.map((call) => call.data.serialNo)).size).toBe(1);
    const { blue } = await h.control('invoices');
    expect(blue).toHaveLength(1);
    expect(blue[0].invoiceNo).toBe(number);
  });

  it('finishes a job after a restart in the middle, with the same serialNo and no second invoice', async () => {
    h = await startHarness({ kingdee: { faceAuthNeeded: false, issueDelayMs: 60 * 60_000 } });
    await h.say(ISSUE);
    const preview = await h.card('开票预览');
    await h.click(preview, '确认开具');
    await h.feishu.waitFor(() => cardTitleOf(h, preview.messageId).includes('税局处理中') || undefined);
    await h.restart();
    await h.control('advance', { ms: 61 * 60_000 });
    await h.text('发票已开具');
    expect((await h.control('invoices')).blue).toHaveLength(1);
    expect(await creates(h)).toHaveLength(1);
    expect(h.texts().filter((text) => text.includes('发票已开具'))).toHaveLength(1);
  });

  it('a job waiting for the face scan survives a restart and goes on by itself once the clerk scans', async () => {
    h = await startHarness({ kingdee: {} });
    await h.say(ISSUE);
    await h.click(await h.card('开票预览'), '确认开具');
    await h.card('人脸认证');
    await h.restart();
    await h.control('scan', {});
    await h.text('发票已开具');
    expect((await h.control('invoices')).blue).toHaveLength(1);
    expect((await creates(h)).filter((call) => call.errcode === '0000')).toHaveLength(1);
  });

  it('a status 6 (failed, may retry) is created again under the same serialNo: one invoice', async () => {
    h = await startHarness({ kingdee: { faceAuthNeeded: false } });
    await h.control('inject', { status: 6 });
    await h.say(ISSUE);
    await h.click(await h.card('开票预览'), '确认开具');
    await h.text('发票已开具');
    const sent = await creates(h);
    expect(sent).toHaveLength(2);
    expect(new Set(sent.map((call) => call.data.serialNo)).size).toBe(1);
    expect((await h.control('invoices')).blue).toHaveLength(1);
  });

  it('状态, 帮助, 登录 and 验证码 say what Kingdee does and does not do', async () => {
    h = await startHarness({ kingdee: { faceAuthNeeded: false } });
    await h.say('状态');
    const status = String((await h.text('税局登录')).content.text);
    expect(status).toContain('金蝶发票云客户端已登录');
    expect(status).toContain('人脸认证：✅ 已认证');
    expect(status).toContain('不能代为登录');
    await h.say('帮助');
    expect(String((await h.text('我能做这些')).content.text)).toContain('当前税务接口：金蝶发票云');
    await h.say('登录');
    expect(String((await h.text('客户端已登录电子税务局')).content.text)).toContain('不需要短信验证码');
    await h.say('验证码 123456');
    await h.text('金蝶发票云不使用短信验证码');
    await h.control('expire', { what: 'login' });
    await h.say('登录');
    expect(String((await h.text('未登录电子税务局')).content.text)).toContain('请在金蝶发票云客户端登录');
    expect(h.texts().some((text) => text.includes('税局登录成功'))).toBe(false);
  });
});
