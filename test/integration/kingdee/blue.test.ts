/** The Kingdee client against its simulator: token, AES, the create body, one invoice per serialNo, 91400, status 6. */
import { afterEach, describe, expect, it } from 'vitest';
import { decryptData } from '../../../src/api/kingdee/crypto.js';
import { blueSerialNo } from '../../../src/api/kingdee/serial-no.js';
import { ProviderError, ProviderErrorCode, type TaxProvider } from '../../../src/api/provider.js';
import type { KingdeeSandboxOptions, RunningKingdeeSandbox } from '../../../src/api/sandbox/kingdee/index.js';
import { ACCOUNT, calls, control, draft, ENCRYPT_KEY, issue, kingdeeClient, kingdeeSandbox } from './harness.js';

const open: Array<{ box: RunningKingdeeSandbox; provider: TaxProvider }> = [];

async function setUp(options: Partial<KingdeeSandboxOptions> = {}) {
  const box = await kingdeeSandbox({ faceAuthNeeded: false, ...options });
  const { provider } = kingdeeClient(box.url);
  open.push({ box, provider });
  return { box, provider };
}

afterEach(async () => {
  for (const { box, provider } of open.splice(0)) {
    await provider.close();
    await box.close();
  }
});

describe('Kingdee blue invoices', () => {
  it('sends the seed body: tax-exclusive totals equal to the lines, 26, natural-person flag, serialNo from the taskId', async () => {
    const { box, provider } = await setUp();
    const invoice = await issue(provider, 'a'.repeat(32));
    expect(invoice.number).toMatch(/^\d{20}$/);
    expect(invoice.issuedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(invoice).toMatchObject({ grossFen: 159000, netFen: 150000, taxFen: 9000, kind: 'normal' });

    const [create] = await calls(box.url, 'bill/invoice/create');
    expect(create!.data).toMatchObject({
      serialNo: blueSerialNo('a'.repeat(32)),
      type: 0,
      taxFlag: 0,
      fpdkType: 3,
      invoiceType: '26',
      invoiceAmount: 1500,
      totalTaxAmount: 90,
      totalAmount: 1590,
      salerTaxNo: ACCOUNT.nsrsbh,
      buyerName: '杭州测试科技有限公司',
      buyerTaxNo: '91330106MA2KXN4X3X',
      naturalPersonFlag: 'N',
      remark: '十月服务',
    });
    expect(create!.data.serialNo.length).toBeLessThanOrEqual(20);
    expect(create!.data.items).toEqual([
      { goodsName: '技术服务费', detailAmount: 1000, taxRate: 0.06, taxAmount: 60 },
      { goodsName: '咨询费', unit: '次', num: '2', unitPrice: '250', detailAmount: 500, taxRate: 0.06, taxAmount: 30 },
    ]);
    const held = await control(box.url, 'invoices');
    expect(held.blue).toHaveLength(1);
    expect(held.blue[0]).toMatchObject({ invoiceNo: invoice.number, grossFen: 159000 });
  });

  it('a natural person goes without a tax number, flagged Y; 专票 is 27', async () => {
    const { box, provider } = await setUp();
    await issue(provider, 't-person', draft({ buyer: { name: '张三', naturalPerson: true } }));
    await issue(provider, 't-special', draft({ kind: 'special' }));
    const [person, special] = await calls(box.url, 'bill/invoice/create');
    expect(person!.data.naturalPersonFlag).toBe('Y');
    expect(person!.data.buyerTaxNo).toBeUndefined();
    expect(special!.data.invoiceType).toBe('27');
  });

  it('encrypts the body with AES-128-ECB and puts reqid and access_token on the query string', async () => {
    const { box, provider } = await setUp();
    const seen: Array<{ url: string; body: string }> = [];
    const { createServer } = await import('node:http');
    const spy = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', async () => {
        seen.push({ url: request.url ?? '', body });
        const upstream = await fetch(`${box.url}${request.url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        response.setHeader('content-type', 'application/json');
        response.end(await upstream.text());
      });
    });
    await new Promise<void>((resolve) => spy.listen(0, '127.0.0.1', () => resolve()));
    const port = (spy.address() as { port: number }).port;
    const { provider: spied } = kingdeeClient(`http://127.0.0.1:${port}`);
    try {
      await spied.sessionState(ACCOUNT);
      const business = seen.find((entry) => entry.url.startsWith('/fpdk/etax/account/status'))!;
      const query = new URL(business.url, 'http://x').searchParams;
      expect(query.get('reqid')).toMatch(/^\d{16}$/);
      expect(query.get('access_token')).toMatch(/^[0-9a-f]{32}$/);
      const body = JSON.parse(business.body) as { data: string };
      expect(body.data).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(JSON.parse(decryptData(ENCRYPT_KEY, body.data))).toEqual({});
      const token = seen.find((entry) => entry.url.startsWith('/base/oauth/token'))!;
      expect(JSON.parse(token.body)).toMatchObject({ client_id: 'kd-client-4711', sign: expect.stringMatching(/^[0-9a-f]{32}$/) });
    } finally {
      await spied.close();
      await new Promise<void>((resolve) => spy.close(() => resolve()));
    }
    void provider;
  });

  it('one token for many calls at once; a token the provider forgot is fetched again, once', async () => {
    const { box, provider } = await setUp();
    await Promise.all([1, 2, 3, 4].map(() => provider.sessionState(ACCOUNT)));
    expect(await calls(box.url, '/base/oauth/token')).toHaveLength(1);
    await control(box.url, 'expire', { what: 'token' });
    await provider.sessionState(ACCOUNT);
    const statuses = (await calls(box.url)).map((call) => `${call.path.split('/').pop()}:${call.errcode}`);
    expect(statuses.slice(-3)).toEqual(['status:1001', 'token:0000', 'status:0000']);
  });

  it('async: in_progress while status 2, then the invoice; the same taskId never creates twice', async () => {
    const { box, provider } = await setUp({ issueDelayMs: 60_000 });
    expect(await provider.issueBlue(ACCOUNT, 'slow', draft())).toEqual({ status: 'in_progress' });
    expect(await provider.issueBlue(ACCOUNT, 'slow', draft())).toEqual({ status: 'in_progress' });
    await control(box.url, 'advance', { ms: 60_000 });
    const first = await issue(provider, 'slow');
    const again = await issue(provider, 'slow');
    expect(again.number).toBe(first.number);
    expect(await calls(box.url, 'bill/invoice/create')).toHaveLength(1);
    expect((await control(box.url, 'invoices')).blue).toHaveLength(1);
  });

  it('status 6 is created again with the same serialNo; 3–5 fail with the reason', async () => {
    const { box, provider } = await setUp();
    await control(box.url, 'inject', { status: 6 });
    expect(await provider.issueBlue(ACCOUNT, 'six', draft())).toEqual({ status: 'in_progress' });
    expect(await provider.issueBlue(ACCOUNT, 'six', draft())).toEqual({ status: 'in_progress' });
    await issue(provider, 'six');
    const creates = await calls(box.url, 'bill/invoice/create');
    expect(creates.map((call) => call.data.serialNo)).toEqual([blueSerialNo('six'), blueSerialNo('six')]);
    expect((await control(box.url, 'invoices')).blue).toHaveLength(1);

    box.state.serials.set(blueSerialNo('five'), { ...box.state.serials.get(blueSerialNo('six'))!, serialNo: blueSerialNo('five'), status: '5' as never, description: '购方税号校验失败', invoice: undefined });
    const error = await provider.issueBlue(ACCOUNT, 'five', draft()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe(ProviderErrorCode.IssueFailed);
    expect((error as ProviderError).message).toBe('校验开票数据异常：购方税号校验失败');
  });

  it('91400 is needs_face_auth; the scan in Kingdee’s app lets the same serialNo through', async () => {
    const { box, provider } = await setUp({ faceAuthNeeded: true });
    const outcome = await provider.issueBlue(ACCOUNT, 'face', draft());
    expect(outcome.status).toBe('needs_face_auth');
    const challenge = await provider.startFaceAuth(ACCOUNT, 'personal_tax');
    expect(challenge.qrPng).toBeUndefined();
    expect(challenge.where).toContain('金蝶发票云');
    expect(await provider.faceAuthResult(ACCOUNT, challenge.authId, 'personal_tax')).toBe('pending');
    await control(box.url, 'scan', {});
    expect(await provider.faceAuthResult(ACCOUNT, challenge.authId, 'personal_tax')).toBe('passed');
    await issue(provider, 'face');
    const creates = await calls(box.url, 'bill/invoice/create');
    expect(creates.map((call) => call.errcode)).toEqual(['91400', '0000']);
  });

  it('errcodes become coded errors with the Chinese description; 91300 is needs_login; retries 9999', async () => {
    const { box, provider } = await setUp();
    await control(box.url, 'inject', { path: 'invoiceCreate', errcode: '80001' });
    const refused = (await provider.issueBlue(ACCOUNT, 'x', draft()).catch((e: unknown) => e)) as ProviderError;
    expect({ code: refused.code, category: refused.category, providerCode: refused.providerCode }).toEqual({
      code: ProviderErrorCode.BureauRefused,
      category: 'user',
      providerCode: '80001',
    });
    await control(box.url, 'inject', { path: 'invoiceStatus', errcode: '1004' });
    const config = (await provider.issueBlue(ACCOUNT, 'x', draft()).catch((e: unknown) => e)) as ProviderError;
    expect({ code: config.code, category: config.category, message: config.message }).toEqual({
      code: ProviderErrorCode.IpNotWhitelisted,
      category: 'config',
      message: 'IP不在白名单',
    });
    await control(box.url, 'inject', { path: 'invoiceStatus', errcode: '9999', count: 2 });
    await issue(provider, 'x');
    await control(box.url, 'expire', { what: 'login' });
    expect((await provider.issueBlue(ACCOUNT, 'y', draft())).status).toBe('needs_login');
    await expect(provider.login(ACCOUNT)).rejects.toMatchObject({ code: ProviderErrorCode.LoginRequired });
    await control(box.url, 'login', {});
    expect(await provider.login(ACCOUNT)).toEqual({ status: 'logged_in' });
  });

  it('a create whose answer was lost is not created twice: the retry hits the taken serialNo', async () => {
    const { box, provider } = await setUp();
    await control(box.url, 'inject', { path: 'invoiceCreate', errcode: '9999', afterHandling: true });
    expect(await provider.issueBlue(ACCOUNT, 'lost', draft())).toEqual({ status: 'in_progress' });
    await issue(provider, 'lost');
    // The log holds what the bureau did (it issued); the client heard 9999 and repeated the call.
    expect((await calls(box.url, 'bill/invoice/create')).map((call) => call.errcode)).toEqual(['0000', '91600']);
    expect((await control(box.url, 'invoices')).blue).toHaveLength(1);
  });

  it('a draft whose totals do not add up never reaches Kingdee', async () => {
    const { box, provider } = await setUp();
    await expect(provider.issueBlue(ACCOUNT, 'bad', draft({ grossFen: 1 }))).rejects.toMatchObject({ code: ProviderErrorCode.BadRequest });
    expect(await calls(box.url)).toEqual([]);
  });

  it('the download link and the issued list', async () => {
    const { provider } = await setUp();
    const invoice = await issue(provider, 'dl');
    expect(await provider.downloadUrl(ACCOUNT, invoice.number, invoice.issuedAt)).toMatch(new RegExp(`/__sandbox/download/${invoice.number}\\.pdf$`));
    const day = invoice.issuedAt.slice(0, 10);
    const page = await provider.queryBlue(ACCOUNT, { from: day, to: day });
    expect(page.items.map((item) => item.number)).toEqual([invoice.number]);
    expect(page.items[0]).toMatchObject({ grossFen: 159000, buyerName: '杭州测试科技有限公司', kind: 'normal' });
  });
});
