import { afterEach, describe, expect, it } from 'vitest';
import { invoiceData, startTestSandbox, type TestSandbox } from './helpers.js';

describe('sandbox download page', () => {
  let sandbox: TestSandbox;
  afterEach(() => sandbox.close());

  it('gives a download URL for an issued invoice (billed) that serves a valid PDF', async () => {
    sandbox = await startTestSandbox();
    const token = await sandbox.ready();
    const blue = (await sandbox.business('blue-invoice/submit', token, { taskId: 'pdf', invoiceData: invoiceData() })).data;
    const page = await sandbox.business('red-confirmation/page', token, { fphm: blue.fphm, kprq: blue.kprq });
    expect(page).toMatchObject({ code: 200, charge: true, data: { url: `${sandbox.url}/__sandbox/download/${blue.fphm}.pdf` } });

    const response = await fetch(page.data.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer()).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pdf).toContain(blue.fphm);
    // startxref points at the xref table, and every xref offset at its object: what a reader checks first.
    const xrefAt = Number(/startxref\n(\d+)\n/.exec(pdf)?.[1]);
    expect(pdf.slice(xrefAt, xrefAt + 4)).toBe('xref');
    const offsets = [...pdf.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, index) => expect(pdf.slice(offset, offset + 8)).toBe(`${index + 1} 0 obj\n`));
  });

  it('accepts the date alone as kprq, answers 399 for an unknown invoice and 404 for an unknown PDF', async () => {
    sandbox = await startTestSandbox();
    const token = await sandbox.ready();
    const blue = (await sandbox.business('blue-invoice/submit', token, { taskId: 'pdf', invoiceData: invoiceData() })).data;
    expect((await sandbox.business('red-confirmation/page', token, { fphm: blue.fphm, kprq: blue.kprq.slice(0, 10) })).code).toBe(200);
    const unknown = await sandbox.business('red-confirmation/page', token, { fphm: '11111111111111111111', kprq: blue.kprq });
    expect(unknown).toMatchObject({ code: 399, charge: false });
    expect((await sandbox.business('red-confirmation/page', token, { fphm: blue.fphm, kprq: 'yesterday' })).code).toBe(400);
    expect((await fetch(`${sandbox.url}/__sandbox/download/11111111111111111111.pdf`)).status).toBe(404);
  });

  it('uses publicUrl for links when given', async () => {
    sandbox = await startTestSandbox({ publicUrl: 'https://bot.example.com/' });
    const token = await sandbox.ready();
    const blue = (await sandbox.business('blue-invoice/submit', token, { taskId: 'pdf', invoiceData: invoiceData() })).data;
    const page = await sandbox.business('red-confirmation/page', token, { fphm: blue.fphm, kprq: blue.kprq });
    expect(page.data.url).toBe(`https://bot.example.com/__sandbox/download/${blue.fphm}.pdf`);
    const qr = await sandbox.business('auth/qrcode', token, { app: '1' });
    expect(qr.data.qrcodeImageUrl).toMatch(/^https:\/\/bot\.example\.com\/__sandbox\/qr\/.+\.png$/);
  });
});
