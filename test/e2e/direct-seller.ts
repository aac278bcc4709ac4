/**
 * The seller's account used straight at the simulator, past the bot: invoices "issued elsewhere" (another tool,
 * the bureau's own site) that the bot has no job for, and red invoices for them. Same app credentials and seller
 * account as the bot in the harness, so both see the same bureau.
 */
import { createJumdataProvider } from '../../src/api/jumdata/client.js';
import type { InvoiceDraft, IssuedInvoice, TaxAccount } from '../../src/api/provider.js';
import type { ChatHarness } from './chat-harness.js';
import { SELLER } from './harness.js';

const ACCOUNT: TaxAccount = { ...SELLER, password: 'bureau-password' };

export interface DirectSeller {
  /** A blue invoice of one 6% line, `grossFen` a multiple of 106 so the tax is exact. */
  issueBlue(buyerName: string, grossFen: number): Promise<IssuedInvoice>;
  /** Reverses all of a blue invoice at once (the simulator's default redMode 'immediate'). */
  issueRed(blue: IssuedInvoice): Promise<IssuedInvoice>;
  close(): Promise<void>;
}

function draftOf(buyerName: string, grossFen: number): InvoiceDraft {
  if (grossFen % 106 !== 0) throw new Error(`grossFen ${grossFen} is not a multiple of 106`);
  const netFen = (grossFen / 106) * 100;
  const taxFen = grossFen - netFen;
  return {
    kind: 'normal',
    buyer: { name: buyerName, taxId: '91330106MA2KXN4X3X', naturalPerson: false },
    lines: [{ name: '技术服务费', ratePermille: 60, grossFen, taxFen, netFen }],
    netFen,
    taxFen,
    grossFen,
  };
}

/** Logs the seller in and passes a face scan at the simulator (which needs `smsRequired: false`). */
export async function directSeller(h: Pick<ChatHarness, 'sandbox' | 'control'>): Promise<DirectSeller> {
  const provider = createJumdataProvider({ baseUrl: h.sandbox.url, appId: 'jd-e2e', appSecret: 'jd-e2e-secret', name: 'sandbox' });
  const login = await provider.login(ACCOUNT);
  if (login.status !== 'logged_in') throw new Error('start the harness with sandbox: { smsRequired: false }');
  const challenge = await provider.startFaceAuth(ACCOUNT, 'tax_bureau');
  await h.control('scan', { authId: challenge.authId });
  let tasks = 0;
  return {
    async issueBlue(buyerName, grossFen) {
      tasks += 1;
      const outcome = await provider.issueBlue(ACCOUNT, `direct-${tasks}`, draftOf(buyerName, grossFen));
      if (outcome.status !== 'issued') throw new Error(`not issued: ${JSON.stringify(outcome)}`);
      return outcome.invoice;
    },
    async issueRed(blue) {
      const outcome = await provider.submitRed(ACCOUNT, { blueNumber: blue.number, blueIssuedAt: blue.issuedAt, reason: '01' });
      if (outcome.status !== 'issued') throw new Error(`red not issued: ${JSON.stringify(outcome)}`);
      return outcome.invoice;
    },
    close: () => provider.close(),
  };
}
