import { afterEach, describe, expect, it } from 'vitest';
import { formatJumdataDate, parseJumdataTime } from '../../../src/api/jumdata/wire.js';
import { ACCOUNT, invoiceData, startTestSandbox, type TestSandbox } from './helpers.js';

describe('sandbox red-invoice submit / result / query', () => {
  let sandbox: TestSandbox;
  afterEach(() => sandbox.close());

  /** A ready sandbox with one blue invoice of two lines: 100.00 + 6.00 and 50.00 + 3.00. */
  async function withBlue(options: Parameters<typeof startTestSandbox>[0] = {}) {
    sandbox = await startTestSandbox(options);
    const token = await sandbox.ready();
    const submit = () => sandbox.business('blue-invoice/submit', token, { taskId: 'blue', invoiceData: invoiceData([10_000, 5_000]) });
    let submitted = await submit();
    if (submitted.code === 202) {
      await sandbox.control('advance', { ms: options.issueDelayMs ?? 0 });
      submitted = await submit();
    }
    const blue = submitted.data;
    const red = (params: Record<string, string> = {}) =>
      sandbox.business('red-invoice/submit', token, { lzfphm: blue.fphm, lzkprq: blue.kprq, chyydm: '01', ...params });
    const result = (uuid: string) => sandbox.business('red-invoice/result', token, { uuid, xsfnsrsbh: ACCOUNT.nsrsbh });
    return { token, blue, red, result };
  }

  it('immediate: 200 开具成功 with uuid, 01, the red number and a negative jshj; result gives the red invoice', async () => {
    const { blue, red, result } = await withBlue();
    const answer = await red();
    expect(answer).toMatchObject({ code: 200, msg: '开具成功', charge: true, data: { hzqrxxztdm: '01', jshj: -159 } });
    expect(answer.data.fphm).toMatch(/^\d{20}$/);
    expect(answer.data.fphm).not.toBe(blue.fphm);
    const issued = await result(answer.data.uuid);
    expect(issued).toMatchObject({
      code: 200,
      charge: false,
      data: { fphm: answer.data.fphm, kprq: answer.data.kprq, jshj: -159, fppzdm: '02', xsfnsrsbh: ACCOUNT.nsrsbh, gmfmc: '杭州买方科技有限公司' },
    });
  });

  it('immediate with redSubmitEmptyData: the document sample data {} — and the red invoice exists', async () => {
    const { blue, red } = await withBlue({ redSubmitEmptyData: true });
    const answer = await red();
    expect(answer).toMatchObject({ code: 200, msg: '开具成功', data: {} });
    const issued = (await sandbox.control('invoices')).body.red;
    expect(issued).toHaveLength(1);
    expect(issued[0].blueFphm).toBe(blue.fphm);
  });

  it('seller_confirm: 01 with a uuid and no number; confirm czlx 1 → 04, 202 for issueDelayMs, then the invoice', async () => {
    const { token, red, result } = await withBlue({ redMode: 'seller_confirm', issueDelayMs: 15_000 });
    const answer = await red();
    expect(answer).toMatchObject({ code: 200, data: { hzqrxxztdm: '01' } });
    expect(answer.data.fphm).toBeUndefined();
    expect((await sandbox.control('invoices')).body.red).toHaveLength(0);
    const confirm = (czlx: string) =>
      sandbox.business('red-confirmation/confirm', token, { uuid: answer.data.uuid, xsfnsrsbh: ACCOUNT.nsrsbh, czlx });
    expect(await confirm('1')).toMatchObject({ code: 200, data: { hzqrxxztdm: '04' } });
    expect((await result(answer.data.uuid)).code).toBe(202);
    await sandbox.control('advance', { ms: 15_000 });
    const issued = await result(answer.data.uuid);
    expect(issued.code).toBe(200);
    expect(issued.data.fphm).toMatch(/^\d{20}$/);
    // Issuing again from the same confirmation is refused: one red invoice per confirmation.
    expect((await confirm('1')).code).toBe(399);
  });

  it('seller_confirm: cancel (czlx 3) → 08 and the amount is free again', async () => {
    const { token, red } = await withBlue({ redMode: 'seller_confirm' });
    const answer = await red();
    const cancelled = await sandbox.business('red-confirmation/confirm', token, { uuid: answer.data.uuid, xsfnsrsbh: ACCOUNT.nsrsbh, czlx: '3' });
    expect(cancelled).toMatchObject({ code: 200, data: { hzqrxxztdm: '08' } });
    expect((await red()).code).toBe(200);
  });

  it('confirmation mode: 02, result 202 while the buyer thinks; agree → 04 and issued; reject → 05 and 399', async () => {
    const { red, result } = await withBlue({ redMode: 'confirmation' });
    const first = await red({ hzmx: JSON.stringify([{ xh: 1, jshj: '53.00' }]) });
    expect(first).toMatchObject({ code: 200, data: { hzqrxxztdm: '02' } });
    expect(first.data.fphm).toBeUndefined();
    const waiting = await result(first.data.uuid);
    expect(waiting.code).toBe(202);
    expect(waiting.msg).toContain('销方录入待购方确认');
    expect((await sandbox.control('invoices')).body.red).toHaveLength(0);

    const agreed = await sandbox.control(`confirmations/${first.data.uuid}/buyer`, { action: 'agree' });
    expect(agreed.body.hzqrxxztdm).toBe('04');
    expect(await result(first.data.uuid)).toMatchObject({ code: 200, data: { jshj: -53 } });

    const second = await red({ hzmx: JSON.stringify([{ xh: 2, jshj: '10.60' }]) });
    await sandbox.control(`confirmations/${second.data.uuid}/buyer`, { action: 'reject' });
    expect(await result(second.data.uuid)).toMatchObject({ code: 399, msg: '红字确认单作废(销方录入购方否认)' });
    expect((await sandbox.control(`confirmations/${second.data.uuid}/buyer`, { action: 'agree' })).status).toBe(409);
  });

  it('refuses over-reversal with the document\'s 399: full after partial, partial bigger than the rest', async () => {
    const { red } = await withBlue();
    expect((await red({ hzmx: JSON.stringify([{ xh: 1, jshj: '100.00' }]) })).code).toBe(200);
    const full = await red();
    expect(full).toMatchObject({ code: 399, msg: '蓝票没有可红冲的金额,不可再次红冲!', charge: false });
    expect((await red({ hzmx: JSON.stringify([{ xh: 1, jshj: '6.01' }]) })).code).toBe(399);
    const rest = await red({ hzmx: JSON.stringify([{ xh: 1, jshj: '6.00' }, { xh: 2, jshj: '53.00' }]) });
    expect(rest).toMatchObject({ code: 200, data: { jshj: -59 } });
    expect((await red({ hzmx: JSON.stringify([{ xh: 2, jshj: '0.01' }]) })).code).toBe(399);
  });

  it('refuses a second full reversal', async () => {
    const { red } = await withBlue();
    expect((await red()).code).toBe(200);
    expect((await red()).code).toBe(399);
  });

  it('splits a partial line at the blue line\'s tax ratio', async () => {
    const { red } = await withBlue();
    const answer = await red({ hzmx: JSON.stringify([{ xh: 1, jshj: '53.00' }]) });
    const [stored] = (await sandbox.control('invoices')).body.red;
    expect(stored).toMatchObject({ fphm: answer.data.fphm, netFen: -5_000, taxFen: -300, grossFen: -5_300 });
  });

  it('answers 399 蓝字发票不存在 for an unknown number or a wrong date, 400 for bad parameters', async () => {
    const { blue, red } = await withBlue();
    expect(await red({ lzfphm: '99999999999999999999' })).toMatchObject({ code: 399, msg: '蓝字发票不存在' });
    const wrongDay = formatJumdataDate((parseJumdataTime(blue.kprq) as number) + 2 * 24 * 3600_000);
    expect((await red({ lzkprq: `${wrongDay} 10:00:00` })).code).toBe(399);
    expect((await red({ chyydm: '05' })).code).toBe(400);
    expect((await red({ hzmx: '[{"xh": 9, "jshj": "1.00"}]' })).code).toBe(400);
    expect((await red({ hzmx: '[{"xh": 1, "jshj": "-1.00"}]' })).code).toBe(400);
    expect((await red({ hzmx: 'nope' })).code).toBe(400);
  });

  it('answers 399 for an unknown uuid on result', async () => {
    const { result } = await withBlue();
    expect((await result('nope')).code).toBe(399);
  });

  it('lists red invoices with kjhzfpdydlzfphm, pages of 10 by default, and marks the blue one reversed', async () => {
    const { token, blue, red } = await withBlue();
    const first = await red({ hzmx: JSON.stringify([{ xh: 1, jshj: '10.00' }]) });
    const second = await red({ hzmx: JSON.stringify([{ xh: 2, jshj: '10.00' }]) });
    const day = formatJumdataDate(parseJumdataTime(blue.kprq) as number);
    const list = await sandbox.business('red-invoice/query', token, { kprqq: day, kprqz: day });
    expect(list).toMatchObject({ code: 200, charge: true, data: { total: 2, pagesize: 10, pagenumber: 1 } });
    expect(list.data.list[0]).toMatchObject({ kjhzfpdydlzfphm: blue.fphm, sflzfp: 'N', hjje: expect.any(Number), jshj: -10 });
    expect(list.data.list.map((item: any) => item.fphm).sort()).toEqual([first.data.fphm, second.data.fphm].sort());
    const paged = await sandbox.business('red-invoice/query', token, { kprqq: day, kprqz: day, pageNumber: '2', pageSize: '1' });
    expect(paged.data.list).toHaveLength(1);

    const blueList = await sandbox.business('blue-invoice/query', token, { kprqq: day, kprqz: day });
    expect(blueList.data.list[0].fpztdm).toBe('03');
    await red({ hzmx: JSON.stringify([{ xh: 1, jshj: '96.00' }, { xh: 2, jshj: '43.00' }]) });
    expect((await sandbox.business('blue-invoice/query', token, { kprqq: day, kprqz: day })).data.list[0].fpztdm).toBe('04');
  });
});
