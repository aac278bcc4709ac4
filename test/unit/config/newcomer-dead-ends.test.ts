/** The configuration mistakes a newcomer makes first, each answered in one line that says what to change. */
import { describe, expect, it } from 'vitest';
import { loadConfig, SANDBOX_ACCOUNT } from '../../../src/config.js';

describe('configuration a newcomer gets wrong', () => {
  it('takes only http(s) for PUBLIC_URL, as the README says', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://files.example.com' })).toThrow(/^PUBLIC_URL: 必须是 http\(s\) 地址/);
    expect(() => loadConfig({ PUBLIC_URL: 'mailto:me@example.com' })).toThrow(/^PUBLIC_URL: 必须是 http\(s\) 地址/);
    expect(loadConfig({ PUBLIC_URL: 'https://bot.example.com/' }).publicUrl).toBe('https://bot.example.com');
  });

  it('answers PORT=3.5 in Chinese too', () => {
    expect(() => loadConfig({ PORT: '3.5' })).toThrow(/^PORT: 必须是 0 到 65535 的整数/);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/^PORT: 必须是 0 到 65535 的整数/);
  });

  it('names every missing Kingdee and account variable at once', () => {
    expect(() => loadConfig({ TAX_PROVIDER: 'kingdee' })).toThrow(
      'KINGDEE_ENCRYPT_KEY, KINGDEE_CLIENT_ID, KINGDEE_CLIENT_SECRET, TAX_NSRSBH, TAX_DQ, TAX_GRYHM are required',
    );
  });

  it('finds a missing TAX_PASSWORD for jumdata at start-up, not at the first 登录', () => {
    const env = { JUMDATA_APP_ID: 'a', JUMDATA_APP_SECRET: 's', TAX_NSRSBH: '91330106MA2KXN4X3X', TAX_DQ: '330000', TAX_GRYHM: 'clerk' };
    expect(() => loadConfig(env)).toThrow(/^TAX_PASSWORD is required when TAX_PROVIDER is jumdata/);
  });

  it('in sandbox mode takes a tax number alone and fills the rest from the simulator account', () => {
    const config = loadConfig({ TAX_NSRSBH: '91110000600037341L' });
    expect(config.account).toEqual({ ...SANDBOX_ACCOUNT, nsrsbh: '91110000600037341L' });
  });
});
