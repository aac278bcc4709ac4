/** Pure mapping between neutral types and jumdata fields: amounts, rates, lines, lists, red answers, confirmations. */
import { describe, expect, it } from 'vitest';
import { ProviderError, ProviderErrorCode, type InvoiceDraft } from '../../../src/api/provider.js';
import { issuedFromListItem, toInvoiceDataWire } from '../../../src/api/jumdata/invoice-data.js';
import {
  confirmationFromWire,
  issuedFromRedResult,
  redOutcomeFromConfirm,
  redOutcomeFromSubmit,
  toRedLinesWire,
} from '../../../src/api/jumdata/red-data.js';
import { parseChinaTime } from '../../../src/api/jumdata/china-time.js';

function draft(overrides: Partial<InvoiceDraft> = {}): InvoiceDraft {
  return {
    kind: 'normal',
    buyer: { name: '杭州测试科技有限公司', taxId: '91330106MA2KXN4X3X', naturalPerson: false, email: 'a@b.cn' },
    lines: [
      { name: '技术服务费', ratePermille: 60, grossFen: 106000, taxFen: 6000, netFen: 100000 },
      { name: '咨询费', ratePermille: 15, grossFen: 10150, taxFen: 150, netFen: 10000, quantity: '3', unit: '次' },
    ],
    remark: '十月服务',
    netFen: 110000,
    taxFen: 6150,
    grossFen: 116150,
    ...overrides,
  };
}

describe('InvoiceDraft → invoiceData', () => {
  it('maps the header, totals and tax-exclusive lines', () => {
    const wire = toInvoiceDataWire(draft());
    expect(wire).toEqual({
      fplxdm: '82',
      gmfmc: '杭州测试科技有限公司',
      gmfnsrsbh: '91330106MA2KXN4X3X',
      gmfzrrbz: 'N',
      gmfyx: 'a@b.cn',
      bz: '十月服务',
      hjje: '1100.00',
      hjse: '61.50',
      jshj: '1161.50',
      mxList: [
        { xh: 1, fphxz: '0', spmc: '技术服务费', je: '1000.00', slv: '0.06', se: '60.00', hsbz: '0' },
        { xh: 2, fphxz: '0', spmc: '咨询费', dw: '次', spsl: '3', dj: '33.3333333333333', je: '100.00', slv: '0.015', se: '1.50', hsbz: '0' },
      ],
    });
  });

  it('marks a natural person and a special invoice, and drops the tax id of a person', () => {
    const wire = toInvoiceDataWire(
      draft({ kind: 'special', buyer: { name: '张三', taxId: '110101199001011234', naturalPerson: true } }),
    );
    expect(wire.fplxdm).toBe('81');
    expect(wire.gmfzrrbz).toBe('Y');
    expect(wire.gmfnsrsbh).toBeUndefined();
  });

  it('derives the quantity from a unit price when no quantity is given', () => {
    const wire = toInvoiceDataWire(
      draft({
        lines: [{ name: '技术服务费', ratePermille: 60, grossFen: 106000, taxFen: 6000, netFen: 100000, unitPrice: '530' }],
        netFen: 100000,
        taxFen: 6000,
        grossFen: 106000,
      }),
    );
    expect(wire.mxList[0]).toMatchObject({ spsl: '2', dj: '500', je: '1000.00' });
  });

  it('rounds the unit price of a large line to 13 decimals, half up, not to 20 significant digits', () => {
    const line = { name: '设备', ratePermille: 130, grossFen: 10_000_000_000, taxFen: 1_150_442_478, netFen: 8_849_557_522, quantity: '7' };
    const wire = toInvoiceDataWire(draft({ lines: [line], netFen: line.netFen, taxFen: line.taxFen, grossFen: line.grossFen }));
    // 88495575.22 / 7 = 12642225.03142857142857142…
    expect(wire.mxList[0]).toMatchObject({ spsl: '7', dj: '12642225.0314285714286', je: '88495575.22' });
  });

  it('refuses a draft whose totals do not add up, before any call', () => {
    try {
      toInvoiceDataWire(draft({ taxFen: 6151, grossFen: 116151 }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).code).toBe(ProviderErrorCode.BadRequest);
      expect((error as ProviderError).category).toBe('user');
    }
  });
});

describe('query lists → IssuedInvoice', () => {
  it('maps the document blue sample exactly', () => {
    const invoice = issuedFromListItem({
      fphm: '24342000280347121212',
      kprq: '2024-09-20 17:31:02',
      fplxdm: '82',
      xsfnsrsbh: 'xxxx',
      xsfmc: '纳税人名称5658119',
      gmfnsrsbh: 'xxxx',
      gmfmc: '',
      hjje: 73.26,
      hjse: 0.74,
      jshj: 74,
      kjhzfpdydlzfphm: null,
      hzqrxxuuid: null,
    });
    expect(invoice).toEqual({
      number: '24342000280347121212',
      issuedAt: '2024-09-20 17:31:02',
      grossFen: 7400,
      netFen: 7326,
      taxFen: 74,
      buyerTaxId: 'xxxx',
      sellerName: '纳税人名称5658119',
      sellerTaxId: 'xxxx',
      kind: 'normal',
    });
  });

  it('adds hjje + hjse when the red sample has no jshj, keeping the sign', () => {
    const invoice = issuedFromListItem({
      fphm: '25332000000460594162',
      kprq: '2025-10-17 14:50:51',
      fplxdm: '82',
      hjje: -47.17,
      hjse: -2.83,
      kjhzfpdydlzfphm: '25332000000456135731',
    });
    expect(invoice).toMatchObject({ grossFen: -5000, netFen: -4717, taxFen: -283, blueNumber: '25332000000456135731' });
  });

  it('rejects an item without a number as a protocol error', () => {
    expect(() => issuedFromListItem({ fphm: '', kprq: '2025-10-17 14:50:51' })).toThrow(/发票号码/);
  });
});

describe('red side', () => {
  it('sends hzmx lines as positive yuan strings with the blue line number', () => {
    expect(toRedLinesWire([{ lineNo: 2, grossFen: 5300, quantity: '1' }])).toEqual([{ xh: 2, jshj: '53.00', spsl: '1' }]);
    expect(() => toRedLinesWire([{ lineNo: 0, grossFen: 1 }])).toThrow(ProviderError);
  });

  it('reads a red submit answer as issued, issuing, awaiting or void', () => {
    expect(
      redOutcomeFromSubmit({ uuid: 'u1', hzqrxxztdm: '01', fphm: '25332000000460594162', kprq: '2025-10-17 14:50:51', jshj: -50 }, 'B1'),
    ).toEqual({
      status: 'issued',
      invoice: { number: '25332000000460594162', issuedAt: '2025-10-17 14:50:51', grossFen: -5000, blueNumber: 'B1', confirmationUuid: 'u1' },
    });
    // A uuid without a number waits for this side in any state but 02 (the seed: issue or cancel by the uuid).
    expect(redOutcomeFromSubmit({ uuid: 'u2', hzqrxxztdm: '04' }, 'B1')).toEqual({ status: 'awaiting_confirmation', uuid: 'u2', state: '04' });
    expect(redOutcomeFromSubmit({ uuid: 'u2', hzqrxxztdm: '01' }, 'B1')).toEqual({ status: 'awaiting_confirmation', uuid: 'u2', state: '01' });
    expect(redOutcomeFromSubmit({ uuid: 'u3', hzqrxxztdm: '02' }, 'B1')).toEqual({ status: 'awaiting_confirmation', uuid: 'u3', state: '02' });
    expect(redOutcomeFromSubmit({ uuid: 'u4', hzqrxxztdm: '08' }, 'B1')).toEqual({ status: 'awaiting_confirmation', uuid: 'u4', state: '08' });
    expect(() => redOutcomeFromSubmit({ uuid: 'u5', hzqrxxztdm: '10' }, 'B1')).toThrow(/状态/);
    // The document's own success sample: data {} — issued, details unknown.
    expect(redOutcomeFromSubmit({}, 'B1')).toEqual({ status: 'issued_unknown' });
    expect(redOutcomeFromSubmit(undefined, 'B1')).toEqual({ status: 'issued_unknown' });
    // A number with no uuid is still an issued invoice.
    expect(redOutcomeFromSubmit({ fphm: '25332000000460594162', kprq: '2025-10-17 14:50:51' }, 'B1')).toMatchObject({ status: 'issued' });
  });

  it('reads a confirm answer: 01 / 04 without a number is being issued, 02 / 03 still wait, a number is issued', () => {
    expect(redOutcomeFromConfirm({ hzqrxxztdm: '04' }, 'u1')).toEqual({ status: 'in_progress', uuid: 'u1' });
    expect(redOutcomeFromConfirm({ hzqrxxztdm: '01' }, 'u1')).toEqual({ status: 'in_progress', uuid: 'u1' });
    expect(redOutcomeFromConfirm({ hzqrxxztdm: '08' }, 'u1')).toEqual({ status: 'awaiting_confirmation', uuid: 'u1', state: '08' });
    expect(redOutcomeFromConfirm({ hzqrxxztdm: '04', fphm: '25332000000460594162', kprq: '2025-10-17 14:50:51' }, 'u1')).toMatchObject({
      status: 'issued',
      invoice: { confirmationUuid: 'u1' },
    });
  });

  it('maps the document red result sample', () => {
    expect(
      issuedFromRedResult(
        {
          xsfmc: '杭州yyyy有限公司',
          xsfnsrsbh: '913LR64M4330105MK',
          gmfmc: '杭州xxx有限公司',
          gmfnsrsbh: '94330105M134XNA2KE',
          fphm: '25332000000460594162',
          fppzdm: '02',
          kprq: '2025-10-17 14:50:51',
          jshj: -50,
          gmfzrrbz: 'N',
        },
        'u1',
      ),
    ).toEqual({
      number: '25332000000460594162',
      issuedAt: '2025-10-17 14:50:51',
      grossFen: -5000,
      buyerName: '杭州xxx有限公司',
      buyerTaxId: '94330105M134XNA2KE',
      sellerName: '杭州yyyy有限公司',
      sellerTaxId: '913LR64M4330105MK',
      kind: 'normal',
      confirmationUuid: 'u1',
    });
  });

  it('maps a confirmation record, amounts negative and exact', () => {
    expect(
      confirmationFromWire({
        uuid: 'c1',
        hzqrxxztdm: '03',
        lrfsf: '1',
        xsfnsrsbh: '91330106MA2KXN4X3X',
        xsfmc: '卖方',
        gmfnsrsbh: '',
        gmfmc: '买方',
        lzfphm: '25332000000456135731',
        hzcxje: -47.17,
        hzcxse: -2.83,
        lrrq: '2025-10-17 14:50:51',
        chyydm: '02',
      }),
    ).toEqual({
      uuid: 'c1',
      state: '03',
      enteredBy: 'buyer',
      sellerTaxId: '91330106MA2KXN4X3X',
      sellerName: '卖方',
      buyerName: '买方',
      blueNumber: '25332000000456135731',
      grossFen: -5000,
      netFen: -4717,
      taxFen: -283,
      enteredAt: '2025-10-17 14:50:51',
      reason: '02',
    });
    expect(() => confirmationFromWire({ uuid: 'c2', hzqrxxztdm: '03', lrfsf: '7', xsfnsrsbh: 'x' })).toThrow(/录入方/);
  });
});

describe('expireTime', () => {
  it('reads China time (UTC+8) whatever the local zone', () => {
    expect(parseChinaTime('2025-10-15 10:37:23')?.toISOString()).toBe('2025-10-15T02:37:23.000Z');
    expect(parseChinaTime('2025-01-01 00:00:00')?.toISOString()).toBe('2024-12-31T16:00:00.000Z');
    expect(parseChinaTime('tomorrow')).toBeUndefined();
    expect(parseChinaTime(undefined)).toBeUndefined();
  });
});
