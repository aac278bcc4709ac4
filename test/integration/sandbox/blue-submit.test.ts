import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, invoiceData, startTestSandbox, type TestSandbox } from './helpers.js';

describe('sandbox blue-invoice/submit', () => {
  let sandbox: TestSandbox;
  afterEach(() => sandbox.close());

  it('needs face auth: never authenticated → 315, expired → 312', async () => {
    sandbox = await startTestSandbox();
    const token = await sandbox.logIn();
    const never = await sandbox.business('blue-invoice/submit', token, { taskId: 't1', invoiceData: invoiceData() });
    expect(never).toMatchObject({ code: 315, charge: false });
    const { authId } = (await sandbox.business('auth/qrcode', token, { app: '2' })).data;
    await sandbox.control('scan', { authId });
    await sandbox.control('expire', { what: 'faceAuth' });
    const expired = await sandbox.business('blue-invoice/submit', token, { taskId: 't1', invoiceData: invoiceData() });
    expect(expired).toMatchObject({ code: 312, msg: '实名认证过期,重新获取二维码进行人脸识别' });
    expect((await sandbox.control('invoices')).body.blue).toHaveLength(0);
  });

  it('issues at once with a 20-digit number and a China-time kprq, billed', async () => {
    sandbox = await startTestSandbox();
    const token = await sandbox.ready();
    const answer = await sandbox.business('blue-invoice/submit', token, { taskId: 'task-a', invoiceData: invoiceData([10_000, 5_050]) });
    expect(answer).toMatchObject({ code: 200, msg: '开具成功', charge: true });
    expect(answer.data.fphm).toMatch(/^\d{20}$/);
    expect(answer.data.kprq).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const [stored] = (await sandbox.control('invoices')).body.blue;
    expect(stored).toMatchObject({ fphm: answer.data.fphm, netFen: 15_050, taxFen: 903, grossFen: 15_953, taskId: 'task-a' });
    expect(stored.lines).toHaveLength(2);
  });

  it('answers 202 until issueDelayMs has passed, then the same invoice on every re-submit, billed once', async () => {
    sandbox = await startTestSandbox({ issueDelayMs: 20_000 });
    const token = await sandbox.ready();
    const params = { taskId: 'task-b', invoiceData: invoiceData() };
    const first = await sandbox.business('blue-invoice/submit', token, params);
    expect(first).toMatchObject({ code: 202, msg: '任务正在进行中,请稍后再试', charge: false });
    expect((await sandbox.business('blue-invoice/submit', token, params)).code).toBe(202);
    await sandbox.control('advance', { ms: 20_000 });
    const done = await sandbox.business('blue-invoice/submit', token, params);
    expect(done).toMatchObject({ code: 200, charge: true });
    const again = await sandbox.business('blue-invoice/submit', token, params);
    expect(again).toMatchObject({ code: 200, charge: false, data: done.data });
    const billed = (await sandbox.control('calls?path=blue-invoice/submit')).body.filter((call: any) => call.charge);
    expect(billed).toHaveLength(1);
    expect((await sandbox.control('invoices')).body.blue).toHaveLength(1);
  });

  it('keeps the answer for the same taskId even after face auth lapsed (the task is already with the bureau)', async () => {
    sandbox = await startTestSandbox({ issueDelayMs: 10_000 });
    const token = await sandbox.ready();
    const params = { taskId: 'task-c', invoiceData: invoiceData() };
    await sandbox.business('blue-invoice/submit', token, params);
    await sandbox.control('expire', { what: 'faceAuth' });
    await sandbox.control('advance', { ms: 10_000 });
    expect((await sandbox.business('blue-invoice/submit', token, params)).code).toBe(200);
  });

  it('forgets a taskId after 8 hours: the same taskId then issues a second invoice', async () => {
    sandbox = await startTestSandbox({ faceAuthTtlMs: 48 * HOUR, tokenTtlMs: 48 * HOUR, loginTtlMs: 48 * HOUR });
    const token = await sandbox.ready();
    const params = { taskId: 'task-d', invoiceData: invoiceData() };
    const first = await sandbox.business('blue-invoice/submit', token, params);
    await sandbox.control('advance', { ms: 7 * HOUR });
    expect((await sandbox.business('blue-invoice/submit', token, params)).data.fphm).toBe(first.data.fphm);
    await sandbox.control('advance', { ms: HOUR });
    const second = await sandbox.business('blue-invoice/submit', token, params);
    expect(second).toMatchObject({ code: 200, charge: true });
    expect(second.data.fphm).not.toBe(first.data.fphm);
    expect((await sandbox.control('invoices')).body.blue).toHaveLength(2);
  });

  it('refuses a bad invoiceData with 400 naming the field, and records nothing', async () => {
    sandbox = await startTestSandbox();
    const token = await sandbox.ready();
    const good = JSON.parse(invoiceData([10_000, 2_000]));
    const cases: [unknown, string][] = [
      ['{not json', 'invoiceData 不是合法的 JSON'],
      [{ ...good, gmfmc: '' }, 'invoiceData.gmfmc'],
      [{ ...good, mxList: [] }, 'invoiceData.mxList'],
      [{ ...good, jshj: '999.99' }, 'invoiceData.jshj'],
      [{ ...good, hjje: '119.00', jshj: '126.14' }, 'invoiceData.hjje'],
      [{ ...good, hjse: '7.00', jshj: '127.00' }, 'invoiceData.hjse'],
      [{ ...good, mxList: [{ ...good.mxList[0], je: '1.234' }, good.mxList[1]] }, 'invoiceData.mxList[0].je'],
    ];
    for (const [index, [data, field]] of cases.entries()) {
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      const answer = await sandbox.business('blue-invoice/submit', token, { taskId: `bad-${index}`, invoiceData: text });
      expect(answer.code, field).toBe(400);
      expect(answer.msg).toContain(field);
    }
    expect((await sandbox.control('invoices')).body.blue).toHaveLength(0);
    const fixed = await sandbox.business('blue-invoice/submit', token, { taskId: 'bad-0', invoiceData: JSON.stringify(good) });
    expect(fixed.code).toBe(200);
  });

  it('accepts tax-inclusive lines: hjje sums je − se', async () => {
    sandbox = await startTestSandbox();
    const token = await sandbox.ready();
    const data = {
      fplxdm: '81',
      gmfmc: '杭州买方科技有限公司',
      gmfnsrsbh: '91330106MA2B00001X',
      gmfzrrbz: 'N',
      hjje: '100.00',
      hjse: '6.00',
      jshj: '106.00',
      mxList: [{ xh: 1, fphxz: '0', spmc: '*信息技术服务*咨询', je: '106.00', slv: '0.06', se: '6.00', hsbz: '1' }],
    };
    const answer = await sandbox.business('blue-invoice/submit', token, { taskId: 'incl', invoiceData: JSON.stringify(data) });
    expect(answer.code).toBe(200);
  });
});
