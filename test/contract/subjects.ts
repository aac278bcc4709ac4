/**
 * Every TaxProvider the contract runs against, each on its own simulator over loopback. A third provider joins the
 * contract by adding one entry here: how to start it, make it ready to issue, and drive its face scan.
 */
import type { TaxAccount, TaxProvider } from '../../src/api/provider.js';
import { ACCOUNT as JUMDATA_ACCOUNT, client as jumdataClient, control as jumdataControl, logIn, sandbox as jumdataSandbox } from '../integration/jumdata/harness.js';
import { ACCOUNT as KINGDEE_ACCOUNT, control as kingdeeControl, kingdeeClient, kingdeeSandbox } from '../integration/kingdee/harness.js';

export interface RunningSubject {
  provider: TaxProvider;
  account: TaxAccount;
  /** Logged in and face-authenticated: the next issue goes through. */
  ready(): Promise<void>;
  /** The clerk's face auth lapses at the bureau. */
  lapseFaceAuth(): Promise<void>;
  /** The clerk scans (the QR of `authId`, or in the provider's own app). */
  scan(authId: string): Promise<void>;
  /** What the simulated bureau holds. */
  held(): Promise<{ blue: unknown[]; red: unknown[] }>;
  close(): Promise<void>;
}

export interface Subject {
  name: string;
  start(): Promise<RunningSubject>;
}

export const SUBJECTS: Subject[] = [
  {
    name: 'jumdata v3',
    async start() {
      const box = await jumdataSandbox({ smsRequired: false });
      const { provider } = jumdataClient(box.url);
      const account = JUMDATA_ACCOUNT;
      const subject: RunningSubject = {
        provider,
        account,
        async ready() {
          await logIn(provider, account);
          const challenge = await provider.startFaceAuth(account, 'tax_bureau');
          await subject.scan(challenge.authId);
          await provider.faceAuthResult(account, challenge.authId, 'tax_bureau');
        },
        lapseFaceAuth: async () => void (await jumdataControl(box.url, 'expire', { what: 'faceAuth' })),
        scan: async (authId) => void (await jumdataControl(box.url, 'scan', { authId })),
        held: () => jumdataControl(box.url, 'invoices'),
        async close() {
          await provider.close();
          await box.close();
        },
      };
      return subject;
    },
  },
  {
    name: 'Kingdee 发票云 v4',
    async start() {
      const box = await kingdeeSandbox({ faceAuthNeeded: false });
      const { provider } = kingdeeClient(box.url);
      return {
        provider,
        account: KINGDEE_ACCOUNT,
        ready: async () => undefined,
        lapseFaceAuth: async () => void (await kingdeeControl(box.url, 'expire', { what: 'faceAuth' })),
        scan: async () => void (await kingdeeControl(box.url, 'scan', {})),
        held: () => kingdeeControl(box.url, 'invoices'),
        async close() {
          await provider.close();
          await box.close();
        },
      };
    },
  },
];
