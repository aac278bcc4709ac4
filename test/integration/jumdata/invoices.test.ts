/** Blue and red invoices, confirmations and the download page against the simulator over loopback. */
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderErrorCode, type IssuedInvoice, type TaxProvider } from '../../../src/api/provider.js';
import type { RunningSandbox, SandboxOptions } from '../../../src/api/sandbox/index.js';
import { ACCOUNT, calls, chinaToday, client, control, draft, expectProviderError, ready, sandbox, type TestClient } from './harness.js';

const open: Array<{ box: RunningSandbox; test: TestClient }> = [];

async function setUp(options: Partial<SandboxOptions> = {}): Promise<{ box: RunningSandbox; provider: TaxProvider }> {
  const box = await sandbox(options);
  const test = client(box.url);
  open.push({ box, test });
  await ready(test.provider, box.url);
  return { box, provider: test.provider };
}

afterEach(async () => {
  for (const { box, test } of open.splice(0)) {
    await test.provider.close();
    await box.close();
  }
});

async function issue(provider: TaxProvider, taskId = 'task-1'): Promise<IssuedInvoice> {
  const outcome = await provider.issueBlue(ACCOUNT, taskId, draft());
  if (outcome.status !== 'issued') throw new Error(`not issued: ${JSON.stringify(outcome)}`);
  return outcome.invoice;
}

describe('blue invoices', () => {
  it('issues, and the bureau holds exactly what the draft said', async () => {
    const { box, provider } = await setUp();
    const invoice = await issue(provider);
    expect(invoice.number).toMatch(/^\d{20}$/);
    expect(invoice.issuedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(invoice).toMatchObject({ grossFen: 159000, netFen: 150000, taxFen: 9000, kind: 'normal', buyerName: '杭州测试科技有限公司' });

    const held = await control<{ blue: Array<{ fphm: string; grossFen: number; netFen: number; taxFen: number }> }>(box.url, 'invoices');
    expect(held.blue).toHaveLength(1);
    expect(held.blue[0]).toMatchObject({ fphm: invoice.number, grossFen: 159000, netFen: 150000, taxFen: 9000 });
  });

  it('is idempotent by taskId: 202 → in_progress, then the same invoice, billed once', async () => {
    const { box, provider } = await setUp({ issueDelayMs: 60_000 });
    const billedBefore = provider.stats().billedCalls;
    expect(await provider.issueBlue(ACCOUNT, 'task-slow', draft())).toEqual({ status: 'in_progress' });
    expect(await provider.issueBlue(ACCOUNT, 'task-slow', draft())).toEqual({ status: 'in_progress' });
    await control(box.url, 'advance', { ms: 60_000 });
    const first = await issue(provider, 'task-slow');
    const again = await issue(provider, 'task-slow');
    expect(again.number).toBe(first.number);

    const submits = await calls(box.url, 'blue-invoice/submit');
    expect(submits.map((c) => c.code)).toEqual([202, 202, 200, 200]);
    expect(submits.filter((c) => c.charge)).toHaveLength(1);
    expect(provider.stats().billedCalls - billedBefore).toBe(1);
    expect((await control<{ blue: unknown[] }>(box.url, 'invoices')).blue).toHaveLength(1);
    expect(submits.every((c) => c.params.taskId === 'task-slow')).toBe(true);
  });

  it('312 / 315 while issuing is a needs_face_auth outcome, 302 a needs_login outcome', async () => {
    const { box, provider } = await setUp();
    await control(box.url, 'expire', { what: 'faceAuth' });
    const expired = await provider.issueBlue(ACCOUNT, 'task-2', draft());
    expect(expired.status).toBe('needs_face_auth');

    await control(box.url, 'inject', { code: 315, count: 1, path: 'blueSubmit' });
    expect(await provider.issueBlue(ACCOUNT, 'task-3', draft())).toEqual({ status: 'needs_face_auth', message: '未认证或认证已过期' });

    await control(box.url, 'expire', { what: 'login' });
    expect(await provider.issueBlue(ACCOUNT, 'task-4', draft())).toEqual({ status: 'needs_login', message: '未登录或登录已失效,请重新登录' });
  });

  it('a draft the bureau would refuse never reaches it', async () => {
    const { box, provider } = await setUp();
    const before = (await calls(box.url)).length;
    await expectProviderError(provider.issueBlue(ACCOUNT, 't', draft({ grossFen: 1 })), ProviderErrorCode.BadRequest, 'user');
    expect((await calls(box.url)).length).toBe(before);
  });

  it('queries blue invoices by range, number and counterparty, amounts exact', async () => {
    const { provider } = await setUp();
    const one = await issue(provider, 'q-1');
    const two = await issue(provider, 'q-2');
    const today = chinaToday();
    const page = await provider.queryBlue(ACCOUNT, { from: today, to: today });
    expect(page).toMatchObject({ total: 2, page: 1, pageSize: 50 });
    expect(page.items.map((i) => i.number).sort()).toEqual([one.number, two.number].sort());
    expect(page.items[0]).toMatchObject({ grossFen: 159000, netFen: 150000, taxFen: 9000, kind: 'normal', sellerTaxId: ACCOUNT.nsrsbh });

    const byNumber = await provider.queryBlue(ACCOUNT, { from: today, to: today, number: one.number });
    expect(byNumber.items.map((i) => i.number)).toEqual([one.number]);
    const paged = await provider.queryBlue(ACCOUNT, { from: today, to: today, page: 2, pageSize: 1 });
    expect(paged).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(paged.items).toHaveLength(1);
    const none = await provider.queryBlue(ACCOUNT, { from: today, to: today, counterpartyTaxId: '91110000600037341L' });
    expect(none.items).toEqual([]);
  });

  it('gives the download page URL of an issued invoice; an unknown one is the bureau refusing (399)', async () => {
    const { provider } = await setUp();
    const invoice = await issue(provider);
    const url = await provider.downloadUrl(ACCOUNT, invoice.number, invoice.issuedAt);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(url).toContain(invoice.number);
    const error = await expectProviderError(
      provider.downloadUrl(ACCOUNT, '00000000000000000000', invoice.issuedAt),
      ProviderErrorCode.BureauRefused,
      'user',
    );
    expect(error.message).toBe('发票不存在');
  });
});

describe('red invoices', () => {
  it('reverses a whole invoice at once; a second reversal is refused with the bureau message', async () => {
    const { box, provider } = await setUp();
    const blue = await issue(provider);
    const outcome = await provider.submitRed(ACCOUNT, { blueNumber: blue.number, blueIssuedAt: blue.issuedAt, reason: '01' });
    expect(outcome.status).toBe('issued');
    if (outcome.status !== 'issued') return;
    expect(outcome.invoice).toMatchObject({ grossFen: -159000, blueNumber: blue.number });
    expect(outcome.invoice.confirmationUuid).toBeTruthy();

    const again = await expectProviderError(
      provider.submitRed(ACCOUNT, { blueNumber: blue.number, blueIssuedAt: blue.issuedAt, reason: '01' }),
      ProviderErrorCode.BureauRefused,
      'user',
    );
    expect(again.providerCode).toBe(399);
    expect(again.message.length).toBeGreaterThan(0);
    const refused = (await calls(box.url, 'red-invoice/submit')).at(-1);
    expect(refused?.code).toBe(399);

    const today = chinaToday();
    const reds = await provider.queryRed(ACCOUNT, { from: today, to: today });
    expect(reds.total).toBe(1);
    expect(reds.items[0]).toMatchObject({ number: outcome.invoice.number, grossFen: -159000, netFen: -150000, taxFen: -9000, blueNumber: blue.number });
  });

  it('399 passes the bureau message through unchanged', async () => {
    const { provider } = await setUp();
    const error = await expectProviderError(
      provider.submitRed(ACCOUNT, { blueNumber: '25332000000456135731', blueIssuedAt: '2025-10-15 10:37:23', reason: '02' }),
      ProviderErrorCode.BureauRefused,
      'user',
    );
    expect(error.message).toBe('蓝字发票不存在');
  });

  it('reverses part of a line through hzmx', async () => {
    const { box, provider } = await setUp();
    const blue = await issue(provider);
    const outcome = await provider.submitRed(ACCOUNT, {
      blueNumber: blue.number,
      blueIssuedAt: blue.issuedAt,
      reason: '04',
      lines: [{ lineNo: 2, grossFen: 10600 }],
    });
    expect(outcome.status).toBe('issued');
    if (outcome.status === 'issued') expect(outcome.invoice.grossFen).toBe(-10600);
    const sent = (await calls(box.url, 'red-invoice/submit'))[0];
    expect(JSON.parse(sent?.params.hzmx ?? 'null')).toEqual([{ xh: 2, jshj: '106.00' }]);
  });

  it('a confirmation waiting for this side: agreeing issues it, in_progress until the bureau is done', async () => {
    const { box, provider } = await setUp({ redMode: 'seller_confirm', issueDelayMs: 30_000 });
    expect((await provider.issueBlue(ACCOUNT, 'b', draft())).status).toBe('in_progress');
    await control(box.url, 'advance', { ms: 30_000 });
    const blue = await issue(provider, 'b');

    const outcome = await provider.submitRed(ACCOUNT, { blueNumber: blue.number, blueIssuedAt: blue.issuedAt, reason: '01' });
    expect(outcome).toMatchObject({ status: 'awaiting_confirmation', state: '01' });
    if (outcome.status !== 'awaiting_confirmation') throw new Error('no uuid');
    expect(await provider.actOnConfirmation(ACCOUNT, outcome.uuid, 'agree')).toEqual({ status: 'in_progress', uuid: outcome.uuid });
    expect(await provider.redResult(ACCOUNT, outcome.uuid)).toEqual({ status: 'in_progress', uuid: outcome.uuid });
    await control(box.url, 'advance', { ms: 30_000 });
    const done = await provider.redResult(ACCOUNT, outcome.uuid);
    expect(done.status).toBe('issued');
    if (done.status === 'issued') {
      expect(done.invoice).toMatchObject({ grossFen: -159000, confirmationUuid: outcome.uuid, kind: 'normal', sellerTaxId: ACCOUNT.nsrsbh });
    }
  });

  it('the document sample answer data {} is issued_unknown, and the red invoice is there to find', async () => {
    const { provider } = await setUp({ redSubmitEmptyData: true });
    const blue = await issue(provider);
    expect(await provider.submitRed(ACCOUNT, { blueNumber: blue.number, blueIssuedAt: blue.issuedAt, reason: '01' })).toEqual({
      status: 'issued_unknown',
    });
    const day = blue.issuedAt.slice(0, 10);
    const reds = await provider.queryRed(ACCOUNT, { from: day, to: day });
    expect(reds.items).toHaveLength(1);
    expect(reds.items[0]).toMatchObject({ blueNumber: blue.number });
  });

  it('waits for the buyer (02); after the buyer agrees redResult gives the invoice', async () => {
    const { box, provider } = await setUp({ redMode: 'confirmation' });
    const blue = await issue(provider);
    const outcome = await provider.submitRed(ACCOUNT, { blueNumber: blue.number, blueIssuedAt: blue.issuedAt, reason: '02' });
    expect(outcome).toMatchObject({ status: 'awaiting_confirmation', state: '02' });
    if (outcome.status !== 'awaiting_confirmation') return;
    expect(await provider.redResult(ACCOUNT, outcome.uuid)).toEqual({ status: 'in_progress', uuid: outcome.uuid });
    await control(box.url, `confirmations/${outcome.uuid}/buyer`, { action: 'agree' });
    const done = await provider.redResult(ACCOUNT, outcome.uuid);
    expect(done.status).toBe('issued');
  });

  it('302 while polling a red result is a needs_login outcome', async () => {
    const { box, provider } = await setUp({ redMode: 'confirmation' });
    const blue = await issue(provider);
    const outcome = await provider.submitRed(ACCOUNT, { blueNumber: blue.number, blueIssuedAt: blue.issuedAt, reason: '02' });
    if (outcome.status !== 'awaiting_confirmation') throw new Error('expected a confirmation');
    await control(box.url, 'expire', { what: 'login' });
    expect((await provider.redResult(ACCOUNT, outcome.uuid)).status).toBe('needs_login');
    expect((await provider.submitRed(ACCOUNT, { blueNumber: blue.number, blueIssuedAt: blue.issuedAt, reason: '02' })).status).toBe('needs_login');
  });
});

describe('red-letter confirmations', () => {
  it('lists a buyer-entered confirmation, shows its detail, and agreeing issues the red invoice', async () => {
    const { box, provider } = await setUp();
    const blue = await issue(provider);
    await control(box.url, 'confirmations', { blueNumber: blue.number, grossFen: 53000, reason: '02' });

    const listed = await provider.listConfirmations(ACCOUNT);
    expect(listed).toHaveLength(1);
    const [entry] = listed;
    expect(entry).toMatchObject({ state: '03', enteredBy: 'buyer', sellerTaxId: ACCOUNT.nsrsbh, blueNumber: blue.number, grossFen: -53000, reason: '02' });
    expect((entry!.netFen ?? 0) + (entry!.taxFen ?? 0)).toBe(-53000);

    const detail = await provider.confirmationDetail(ACCOUNT, entry!.uuid);
    expect(detail).toEqual(entry);

    const agreed = await provider.actOnConfirmation(ACCOUNT, entry!.uuid, 'agree');
    expect(agreed.status).toBe('issued');
    if (agreed.status === 'issued') expect(agreed.invoice).toMatchObject({ grossFen: -53000, confirmationUuid: entry!.uuid });
    expect((await calls(box.url, 'red-confirmation/confirm'))[0]?.params).toMatchObject({ czlx: '1', uuid: entry!.uuid, xsfnsrsbh: ACCOUNT.nsrsbh });
  });

  it('reject → void 06; cancelling an own entry → void 08; an illegal move is 399', async () => {
    const { box, provider } = await setUp({ redMode: 'confirmation' });
    const blue = await issue(provider, 'r-1');
    await control(box.url, 'confirmations', { blueNumber: blue.number, grossFen: 1000 });
    const [buyerEntry] = await provider.listConfirmations(ACCOUNT);
    expect(await provider.actOnConfirmation(ACCOUNT, buyerEntry!.uuid, 'reject')).toEqual({
      status: 'awaiting_confirmation',
      uuid: buyerEntry!.uuid,
      state: '06',
    });

    const own = await provider.submitRed(ACCOUNT, { blueNumber: blue.number, blueIssuedAt: blue.issuedAt, reason: '01' });
    if (own.status !== 'awaiting_confirmation') throw new Error('expected 02');
    expect(await provider.actOnConfirmation(ACCOUNT, own.uuid, 'cancel')).toEqual({ status: 'awaiting_confirmation', uuid: own.uuid, state: '08' });

    const illegal = await expectProviderError(provider.actOnConfirmation(ACCOUNT, own.uuid, 'agree'), ProviderErrorCode.BureauRefused, 'user');
    expect(illegal.message).toContain('确认单状态不允许此操作');
    expect((await provider.confirmationDetail(ACCOUNT, own.uuid)).state).toBe('08');
  });

  it('pages through more confirmations than one page holds', async () => {
    const { box, provider } = await setUp();
    const blue = await issue(provider);
    // 60 buyer entries of 1 yuan each: more than the client's 50 per page.
    for (let i = 0; i < 60; i += 1) await control(box.url, 'confirmations', { blueNumber: blue.number, grossFen: 100 });
    const listed = await provider.listConfirmations(ACCOUNT);
    expect(listed).toHaveLength(60);
    expect(new Set(listed.map((c) => c.uuid)).size).toBe(60);
    expect((await calls(box.url, 'red-confirmation/query')).map((c) => c.params.pageNumber)).toEqual(['1', '2']);
  });
});
