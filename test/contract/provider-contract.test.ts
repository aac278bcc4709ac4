/**
 * The provider contract: what every workflow relies on, run against every TaxProvider in SUBJECTS. Same taskId, same
 * invoice; a lapsed face auth is an outcome, and a scan lets the same request through; a red invoice can be found
 * again by its blue one; downloads are links.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InvoiceDraft, IssuedInvoice, RedOutcome } from '../../src/api/provider.js';
import { draft } from '../integration/jumdata/harness.js';
import { SUBJECTS, type RunningSubject } from './subjects.js';

/** A provider may answer in_progress a few times before it has the invoice; never more than this in the simulators. */
const POLLS = 10;

async function issued(subject: RunningSubject, taskId: string, invoiceDraft: InvoiceDraft = draft()): Promise<IssuedInvoice> {
  for (let poll = 0; poll < POLLS; poll += 1) {
    const outcome = await subject.provider.issueBlue(subject.account, taskId, invoiceDraft);
    if (outcome.status === 'issued') return outcome.invoice;
    if (outcome.status !== 'in_progress') throw new Error(`not issued: ${JSON.stringify(outcome)}`);
  }
  throw new Error('still in progress');
}

/** Follows a red outcome to the red invoice, the way the refund flow does when nobody needs to confirm. */
async function redIssued(subject: RunningSubject, first: RedOutcome): Promise<IssuedInvoice> {
  let outcome = first;
  for (let poll = 0; poll < POLLS; poll += 1) {
    if (outcome.status === 'issued') return outcome.invoice;
    if (outcome.status !== 'in_progress' || !outcome.uuid) throw new Error(`red not issued: ${JSON.stringify(outcome)}`);
    outcome = await subject.provider.redResult(subject.account, outcome.uuid);
  }
  throw new Error('red still in progress');
}

describe.each(SUBJECTS)('the TaxProvider contract: $name', ({ start }) => {
  let subject: RunningSubject;
  beforeEach(async () => {
    subject = await start();
    await subject.ready();
  });
  afterEach(() => subject.close());

  it('issues a blue invoice: a 20-digit number and the bureau’s time', async () => {
    const invoice = await issued(subject, 'contract-1');
    expect(invoice.number).toMatch(/^\d{20}$/);
    expect(invoice.issuedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(invoice.grossFen).toBe(159000);
  });

  it('the same taskId is the same invoice, however often it is sent', async () => {
    const first = await issued(subject, 'contract-same');
    const again = await issued(subject, 'contract-same');
    expect(again.number).toBe(first.number);
    expect((await subject.held()).blue).toHaveLength(1);
  });

  it('a lapsed face auth is needs_face_auth; after the scan the same taskId issues, once', async () => {
    await subject.lapseFaceAuth();
    expect((await subject.provider.issueBlue(subject.account, 'contract-face', draft())).status).toBe('needs_face_auth');
    const challenge = await subject.provider.startFaceAuth(subject.account, 'tax_bureau');
    expect(Boolean(challenge.qrPng ?? challenge.qrUrl ?? challenge.where)).toBe(true);
    expect(await subject.provider.faceAuthResult(subject.account, challenge.authId, 'tax_bureau')).toBe('pending');
    await subject.scan(challenge.authId);
    expect(await subject.provider.faceAuthResult(subject.account, challenge.authId, 'tax_bureau')).toBe('passed');
    await issued(subject, 'contract-face');
    expect((await subject.held()).blue).toHaveLength(1);
    expect((await subject.provider.sessionState(subject.account)).faceAuthValid).toBe(true);
  });

  it('gives a download link for an issued invoice', async () => {
    const invoice = await issued(subject, 'contract-download');
    expect(await subject.provider.downloadUrl(subject.account, invoice.number, invoice.issuedAt)).toMatch(/^https?:\/\//);
  });

  it('a whole red invoice, found again by its blue one among the red invoices and in the blue list', async () => {
    const blue = await issued(subject, 'contract-red');
    const red = await redIssued(
      subject,
      await subject.provider.submitRed(subject.account, { blueNumber: blue.number, blueIssuedAt: blue.issuedAt, reason: '01' }),
    );
    expect(red.number).toMatch(/^\d{20}$/);
    const day = blue.issuedAt.slice(0, 10);
    const reds = await subject.provider.queryRed(subject.account, { from: day, to: red.issuedAt.slice(0, 10) });
    const found = reds.items.find((item) => item.number === red.number);
    expect(found?.blueNumber).toBe(blue.number);
    expect(found?.grossFen).toBe(-159000);
    const blues = await subject.provider.queryBlue(subject.account, { from: day, to: day });
    expect(blues.items.map((item) => item.number)).toContain(blue.number);
    expect((await subject.held()).red).toHaveLength(1);
  });
});
