import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SANDBOX_ACCOUNT } from '../../../src/config.js';

const FEISHU = { FEISHU_APP_ID: 'x', FEISHU_APP_SECRET: 'y', FEISHU_VERIFICATION_TOKEN: 'token' };

describe('config', () => {
  it('refuses Feishu without a verification token or an encrypt key', () => {
    expect(() => loadConfig({ FEISHU_APP_ID: 'x', FEISHU_APP_SECRET: 'y' })).toThrow(/^FEISHU_ENCRYPT_KEY \/ FEISHU_VERIFICATION_TOKEN: /);
    expect(loadConfig({ ...FEISHU }).feishu?.verificationToken).toBe('token');
    expect(loadConfig({ FEISHU_APP_ID: 'x', FEISHU_APP_SECRET: 'y', FEISHU_ENCRYPT_KEY: 'k' }).feishu?.encryptKey).toBe('k');
  });

  it('runs in sandbox mode with no credentials', () => {
    const config = loadConfig({});
    expect(config.provider.kind).toBe('sandbox');
    expect(config.account).toEqual(SANDBOX_ACCOUNT);
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.feishu).toBeUndefined();
    // No chat platform: the web chat is on, and 主管老李 approves so the approval step can be tried there.
    expect(config.console).toEqual({ token: undefined });
    expect(config.approvers).toEqual(['li']);
    expect(config.botAdmins).toEqual([]);
  });

  it('serves the web chat beside a real chat platform only when asked to, and then only with a token', () => {
    const feishu = { FEISHU_APP_ID: 'cli', FEISHU_APP_SECRET: 's', FEISHU_VERIFICATION_TOKEN: 'v' };
    expect(loadConfig(feishu).console).toBeUndefined();
    expect(loadConfig(feishu).approvers).toEqual([]);
    expect(() => loadConfig({ ...feishu, CONSOLE: 'on' })).toThrow(/CONSOLE_TOKEN is required/);
    expect(loadConfig({ ...feishu, CONSOLE: 'on', CONSOLE_TOKEN: 't0ken' }).console).toEqual({ token: 't0ken' });
    expect(loadConfig({ CONSOLE: 'off' }).console).toBeUndefined();
    expect(loadConfig({ APPROVERS: 'ou_boss' }).approvers).toEqual(['ou_boss']);
  });

  it('picks jumdata when its app id is set and demands the rest', () => {
    expect(() => loadConfig({ JUMDATA_APP_ID: 'a' })).toThrow(/JUMDATA_APP_SECRET/);
    expect(() => loadConfig({ JUMDATA_APP_ID: 'a', JUMDATA_APP_SECRET: 's' })).toThrow(/TAX_NSRSBH/);
    const config = loadConfig({
      TAX_PASSWORD: 'pw',
      JUMDATA_APP_ID: 'a',
      JUMDATA_APP_SECRET: 's',
      TAX_NSRSBH: '91110000600037341L',
      TAX_DQ: '110000',
      TAX_GRYHM: 'clerk',
      APPROVERS: 'ou_1, ou_2，ou_3',
      BOT_ADMINS: 'ou_admin ou_9',
    });
    expect(config.provider).toEqual({ kind: 'jumdata', baseUrl: 'https://api.jumdata.com', appId: 'a', appSecret: 's' });
    expect(config.approvers).toEqual(['ou_1', 'ou_2', 'ou_3']);
    expect(config.botAdmins).toEqual(['ou_admin', 'ou_9']);
  });

  it('names the variable of a bad value in one line', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/^PORT: /);
    expect(() => loadConfig({ FEISHU_DOMAIN: 'not a url' })).toThrow(/^FEISHU_DOMAIN: /);
    expect(() => loadConfig({ FEISHU_APP_ID: 'cli_x' })).toThrow(/FEISHU_APP_SECRET/);
  });

  it('checks CONFIRMATION_CHECK_CRON at start-up: every 10 minutes by default, seconds allowed, nonsense refused', () => {
    expect(loadConfig({}).confirmationCheckCron).toBe('*/10 * * * *');
    expect(loadConfig({ CONFIRMATION_CHECK_CRON: '*/30 * * * * *' }).confirmationCheckCron).toBe('*/30 * * * * *');
    expect(() => loadConfig({ CONFIRMATION_CHECK_CRON: 'every ten minutes' })).toThrow(/^CONFIRMATION_CHECK_CRON: must be a cron expression/);
  });

  it('checks EXPIRY_CHECK_CRON at start-up (every 5 minutes by default) and reads STUCK_JOB_MINUTES (default 60)', () => {
    expect(loadConfig({})).toMatchObject({ expiryCheckCron: '*/5 * * * *', expiryWarnMinutes: 30, stuckJobMinutes: 60 });
    expect(loadConfig({ EXPIRY_CHECK_CRON: '0 */1 * * * *', STUCK_JOB_MINUTES: '15' })).toMatchObject({
      expiryCheckCron: '0 */1 * * * *',
      stuckJobMinutes: 15,
    });
    expect(() => loadConfig({ EXPIRY_CHECK_CRON: '*/5 * * *' })).toThrow(/^EXPIRY_CHECK_CRON: must be a cron expression/);
    expect(() => loadConfig({ STUCK_JOB_MINUTES: '0' })).toThrow(/^STUCK_JOB_MINUTES: 必须大于 0 \/ must be greater than 0/);
  });

  it('strips a trailing slash from base URLs', () => {
    expect(loadConfig({ ...FEISHU, FEISHU_DOMAIN: 'http://127.0.0.1:9/' }).feishu?.domain).toBe(
      'http://127.0.0.1:9',
    );
  });

  it('reads DingTalk: the robot code defaults to the client id, mode http unless stream, the bot name for button links if given', () => {
    expect(() => loadConfig({ DINGTALK_CLIENT_ID: 'ding1' })).toThrow(/^DINGTALK_CLIENT_SECRET is required/);
    expect(loadConfig({ DINGTALK_CLIENT_ID: 'ding1', DINGTALK_CLIENT_SECRET: 's' }).dingtalk).toEqual({
      clientId: 'ding1',
      clientSecret: 's',
      robotCode: 'ding1',
      apiBase: 'https://api.dingtalk.com',
      oapiBase: 'https://oapi.dingtalk.com',
      mode: 'http',
      botName: undefined,
      cardTemplateId: undefined,
    });
    const stream = loadConfig({ DINGTALK_CLIENT_ID: 'ding1', DINGTALK_CLIENT_SECRET: 's', DINGTALK_MODE: 'stream', DINGTALK_BOT_NAME: '财务机器人' });
    expect(stream.dingtalk).toMatchObject({ mode: 'stream', botName: '财务机器人' });
    expect(() => loadConfig({ DINGTALK_MODE: 'websocket' })).toThrow(/^DINGTALK_MODE: /);
  });

  it('takes a card template in stream mode only, naming both variables when the mode is http', () => {
    const dingtalk = { DINGTALK_CLIENT_ID: 'ding1', DINGTALK_CLIENT_SECRET: 's', DINGTALK_CARD_TEMPLATE_ID: 'tpl-1.schema' };
    expect(loadConfig({ ...dingtalk, DINGTALK_MODE: 'stream' }).dingtalk?.cardTemplateId).toBe('tpl-1.schema');
    for (const mode of [{}, { DINGTALK_MODE: 'http' }]) {
      expect(() => loadConfig({ ...dingtalk, ...mode })).toThrow(ConfigError);
      expect(() => loadConfig({ ...dingtalk, ...mode })).toThrow(/^DINGTALK_CARD_TEMPLATE_ID 需要 DINGTALK_MODE=stream：互动卡片的按钮回调只经 Stream 连接送达/);
    }
    expect(loadConfig({ ...dingtalk, DINGTALK_CARD_TEMPLATE_ID: ' ', DINGTALK_MODE: 'http' }).dingtalk?.cardTemplateId).toBeUndefined();
  });
});
