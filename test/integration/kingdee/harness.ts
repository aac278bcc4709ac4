/** Shared set-up of the Kingdee client tests: the Kingdee simulator on loopback, a client whose back-off costs no time. */
import { createKingdeeProvider, type KingdeeProviderOptions } from '../../../src/api/kingdee/client.js';
import type { InvoiceDraft, TaxAccount, TaxProvider } from '../../../src/api/provider.js';
import { startKingdeeSandbox, type KingdeeSandboxOptions, type RunningKingdeeSandbox } from '../../../src/api/sandbox/kingdee/index.js';
import { control as sandboxControl } from '../../helpers/sandbox-control.js';

export const CLIENT_ID = 'kd-client-4711';
export const CLIENT_SECRET = 'kd-secret-do-not-log-77aa';
export const ENCRYPT_KEY = 'kdAesKey16Bytes!';

export const ACCOUNT: TaxAccount = { nsrsbh: '91330106MA2KXN4X3X', dq: '330000', gryhm: '13800000001' };

export function kingdeeSandbox(options: Partial<KingdeeSandboxOptions> = {}): Promise<RunningKingdeeSandbox> {
  return startKingdeeSandbox({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, encryptKey: ENCRYPT_KEY, ...options });
}

export function kingdeeClient(baseUrl: string, overrides: Partial<KingdeeProviderOptions> = {}): { provider: TaxProvider; slept: number[] } {
  let offset = 0;
  const slept: number[] = [];
  const provider = createKingdeeProvider({
    baseUrl,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    encryptKey: ENCRYPT_KEY,
    now: () => Date.now() + offset,
    sleep: async (ms) => {
      slept.push(ms);
      offset += ms;
    },
    ...overrides,
  });
  return { provider, slept };
}

/** The shared control call, answers untyped: the Kingdee tests read the simulator's records loosely. */
export const control = <T = any>(base: string, route: string, body?: unknown): Promise<T> => sandboxControl<T>(base, route, body);

export interface KingdeeCall {
  path: string;
  errcode: string;
  data: Record<string, any>;
}

export function calls(base: string, path?: string): Promise<KingdeeCall[]> {
  return control<KingdeeCall[]>(base, path ? `calls?path=${encodeURIComponent(path)}` : 'calls');
}

export function draft(overrides: Partial<InvoiceDraft> = {}): InvoiceDraft {
  return {
    kind: 'normal',
    buyer: { name: '杭州测试科技有限公司', taxId: '91330106MA2KXN4X3X', naturalPerson: false },
    lines: [
      { name: '技术服务费', ratePermille: 60, grossFen: 106000, taxFen: 6000, netFen: 100000 },
      { name: '咨询费', ratePermille: 60, grossFen: 53000, taxFen: 3000, netFen: 50000, quantity: '2', unit: '次' },
    ],
    remark: '十月服务',
    netFen: 150000,
    taxFen: 9000,
    grossFen: 159000,
    ...overrides,
  };
}

/** Issues until the serialNo is done (the simulator issues at once unless told to wait). */
export async function issue(provider: TaxProvider, taskId: string, invoiceDraft = draft()) {
  for (let poll = 0; poll < 5; poll += 1) {
    const outcome = await provider.issueBlue(ACCOUNT, taskId, invoiceDraft);
    if (outcome.status === 'issued') return outcome.invoice;
    if (outcome.status !== 'in_progress') throw new Error(`not issued: ${JSON.stringify(outcome)}`);
  }
  throw new Error('still in progress');
}
