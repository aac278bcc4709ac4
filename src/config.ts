/**
 * Environment → typed, validated configuration (contract.md). A bad or missing required value stops start-up
 * with one line naming the variable. With no provider credentials the bot runs in sandbox mode.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { validate as validateCron } from 'node-cron';
import { z } from 'zod';
import type { FaceAuthApp, TaxAccount } from './api/provider.js';
import { CONSOLE_SANDBOX_APPROVERS } from './bot/console/people.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const httpUrl = z
  .string()
  .trim()
  .url('必须是 http(s) 地址 / must be an http(s) URL')
  // z.url() takes any scheme (ftp:, mailto:): links and QR images only work over http(s).
  .refine((url) => /^https?:\/\//i.test(url), '必须是 http(s) 地址 / must be an http(s) URL')
  .transform((url) => url.replace(/\/+$/, ''));

const idList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(/[,，\s]+/)
      .map((id) => id.trim())
      .filter(Boolean),
  );

const WHOLE = '必须是整数 / must be a whole number';
const positiveInt = (fallback: number) =>
  z.coerce.number({ message: WHOLE }).int(WHOLE).positive('必须大于 0 / must be greater than 0').default(fallback);

/** A node-cron expression (5 fields, or 6 with leading seconds), checked at start-up rather than when it first fires. */
const cronExpression = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((value) => validateCron(value), 'must be a cron expression, e.g. */10 * * * * (every 10 minutes)');

const EnvSchema = z.object({
  PORT: z.coerce
    .number({ message: '必须是 0 到 65535 的整数 / must be a whole number from 0 to 65535' })
    .int('必须是 0 到 65535 的整数 / must be a whole number from 0 to 65535')
    .min(0, '必须是 0 到 65535 的整数 / must be a whole number from 0 to 65535')
    .max(65535, '必须是 0 到 65535 的整数 / must be a whole number from 0 to 65535')
    .default(3000),
  DATA_DIR: z.string().trim().default('./data'),
  PUBLIC_URL: httpUrl.optional(),
  TAX_PROVIDER: z.enum(['jumdata', 'kingdee', 'sandbox']).optional(),
  JUMDATA_APP_ID: optionalText,
  JUMDATA_APP_SECRET: optionalText,
  JUMDATA_BASE_URL: httpUrl.default('https://api.jumdata.com'),
  KINGDEE_CLIENT_ID: optionalText,
  KINGDEE_CLIENT_SECRET: optionalText,
  KINGDEE_ENCRYPT_KEY: optionalText,
  KINGDEE_BASE_URL: httpUrl.default('https://api.piaozone.com'),
  TAX_NSRSBH: optionalText,
  TAX_DQ: optionalText,
  TAX_GRYHM: optionalText,
  TAX_PASSWORD: optionalText,
  TAX_PHONE: optionalText,
  FACE_AUTH_APP: z.enum(['personal_tax', 'tax_bureau']).default('personal_tax'),
  FEISHU_APP_ID: optionalText,
  FEISHU_APP_SECRET: optionalText,
  FEISHU_ENCRYPT_KEY: optionalText,
  FEISHU_VERIFICATION_TOKEN: optionalText,
  FEISHU_DOMAIN: httpUrl.default('https://open.feishu.cn'),
  DINGTALK_CLIENT_ID: optionalText,
  DINGTALK_CLIENT_SECRET: optionalText,
  DINGTALK_ROBOT_CODE: optionalText,
  DINGTALK_API_BASE: httpUrl.default('https://api.dingtalk.com'),
  DINGTALK_OAPI_BASE: httpUrl.default('https://oapi.dingtalk.com'),
  DINGTALK_MODE: z.enum(['http', 'stream']).default('http'),
  DINGTALK_BOT_NAME: optionalText,
  DINGTALK_CARD_TEMPLATE_ID: optionalText,
  CONSOLE: z.enum(['on', 'off']).optional(),
  CONSOLE_TOKEN: optionalText,
  APPROVERS: idList,
  ALLOWED_USERS: idList,
  BOT_ADMINS: idList,
  EXPIRY_WARN_MINUTES: positiveInt(30),
  EXPIRY_CHECK_CRON: cronExpression('*/5 * * * *'),
  STUCK_JOB_MINUTES: positiveInt(60),
  CONFIRMATION_CHECK_CRON: cronExpression('*/10 * * * *'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface FeishuConfig {
  appId: string;
  appSecret: string;
  encryptKey?: string;
  verificationToken?: string;
  domain: string;
}

export interface DingTalkConfig {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  apiBase: string;
  oapiBase: string;
  /** `http`: the signed robot callback at /dingtalk/webhook; `stream`: the dingtalk-stream client (no public URL). */
  mode: 'http' | 'stream';
  /** The robot's name in groups: a button link's text mentions it so that the click reaches the bot; absent = read it. */
  botName?: string;
  /** The interactive card template (卡片平台) cards are sent as, their buttons calling back over the stream; absent = markdown. */
  cardTemplateId?: string;
}

export interface ConsoleConfig {
  /** Required to open it when a real chat platform runs beside it; absent = open to whoever reaches the port. */
  token?: string;
}

export interface Config {
  port: number;
  dataDir: string;
  publicUrl: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  provider:
    | { kind: 'sandbox' }
    | { kind: 'jumdata'; baseUrl: string; appId: string; appSecret: string }
    | { kind: 'kingdee'; baseUrl: string; clientId: string; clientSecret: string; encryptKey: string };
  /** The default seller account used by every chat. */
  account: TaxAccount;
  faceAuthApp: FaceAuthApp;
  feishu?: FeishuConfig;
  dingtalk?: DingTalkConfig;
  /** The web chat at /console; absent when off. */
  console?: ConsoleConfig;
  approvers: string[];
  allowedUsers: string[];
  /** Who may change the approvers in chat (审批人 添加 / 移除) and read the audit log. */
  botAdmins: string[];
  expiryWarnMinutes: number;
  /** When to look at the token, login and face-auth expiry, and for stuck jobs (node-cron syntax). */
  expiryCheckCron: string;
  /** A job whose state has not changed for this long is reported to its chat, once. */
  stuckJobMinutes: number;
  /** When to look for red-letter confirmations entered by buyers (node-cron syntax). */
  confirmationCheckCron: string;
}

/** The seller account the sandbox simulator knows when no TAX_* variables are set. */
export const SANDBOX_ACCOUNT: TaxAccount = {
  nsrsbh: '91330106MA2KXN4X3X',
  dq: '330000',
  gryhm: '13800000000',
  password: 'sandbox',
  phone: '13800000000',
};

/** Reads `.env` from the working directory into process.env (existing variables win), when there is one. */
export function loadDotEnv(cwd = process.cwd()): void {
  const file = path.join(cwd, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

function required<T>(value: T | undefined, name: string, why: string): T {
  if (value === undefined) throw new ConfigError(`${name} is required ${why}`);
  return value;
}

/** Collects required variables that are missing, to name them all in one line. */
class MissingVariables {
  private readonly names: string[] = [];
  private readonly reasons = new Set<string>();

  /** The value, or '' for now when missing (`check` throws before it is used). */
  need(value: string | undefined, name: string, why: string): string {
    if (value !== undefined) return value;
    this.names.push(name);
    this.reasons.add(why);
    return '';
  }

  check(): void {
    if (this.names.length === 0) return;
    const verb = this.names.length === 1 ? 'is' : 'are';
    throw new ConfigError(`${this.names.join(', ')} ${verb} required ${[...this.reasons].join(' and ')} / 缺少必填变量`);
  }
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  const providerKind = e.TAX_PROVIDER ?? (e.JUMDATA_APP_ID ? 'jumdata' : 'sandbox');

  // Every missing variable is named at once: a newcomer should not learn them one start-up at a time.
  const missing = new MissingVariables();
  let provider: Config['provider'];
  if (providerKind === 'jumdata') {
    const why = 'when TAX_PROVIDER is jumdata';
    provider = {
      kind: 'jumdata',
      baseUrl: e.JUMDATA_BASE_URL,
      appId: missing.need(e.JUMDATA_APP_ID, 'JUMDATA_APP_ID', why),
      appSecret: missing.need(e.JUMDATA_APP_SECRET, 'JUMDATA_APP_SECRET', why),
    };
  } else if (providerKind === 'kingdee') {
    const why = 'when TAX_PROVIDER is kingdee';
    const encryptKey = missing.need(e.KINGDEE_ENCRYPT_KEY, 'KINGDEE_ENCRYPT_KEY', why);
    provider = {
      kind: 'kingdee',
      baseUrl: e.KINGDEE_BASE_URL,
      clientId: missing.need(e.KINGDEE_CLIENT_ID, 'KINGDEE_CLIENT_ID', why),
      clientSecret: missing.need(e.KINGDEE_CLIENT_SECRET, 'KINGDEE_CLIENT_SECRET', why),
      encryptKey: encryptKey && sixteenBytes(encryptKey),
    };
  } else {
    provider = { kind: 'sandbox' };
  }

  const real = 'with a real tax provider';
  const account: TaxAccount =
    provider.kind === 'sandbox'
      ? // The simulator knows one seller: a tax number alone is enough, the rest come from its account.
        { ...SANDBOX_ACCOUNT, ...definedOnly({ nsrsbh: e.TAX_NSRSBH, dq: e.TAX_DQ, gryhm: e.TAX_GRYHM, password: e.TAX_PASSWORD, phone: e.TAX_PHONE }) }
      : {
          nsrsbh: missing.need(e.TAX_NSRSBH, 'TAX_NSRSBH', real),
          dq: missing.need(e.TAX_DQ, 'TAX_DQ', real),
          gryhm: missing.need(e.TAX_GRYHM, 'TAX_GRYHM', real),
          // jumdata logs in with the password; found missing now rather than at the first 登录.
          password: provider.kind === 'jumdata' ? missing.need(e.TAX_PASSWORD, 'TAX_PASSWORD', 'when TAX_PROVIDER is jumdata') : e.TAX_PASSWORD,
          phone: e.TAX_PHONE,
        };
  missing.check();

  let feishu: FeishuConfig | undefined;
  if (e.FEISHU_APP_ID) {
    feishu = {
      appId: e.FEISHU_APP_ID,
      appSecret: required(e.FEISHU_APP_SECRET, 'FEISHU_APP_SECRET', 'when FEISHU_APP_ID is set'),
      encryptKey: requireCallbackVerification(e.FEISHU_ENCRYPT_KEY, e.FEISHU_VERIFICATION_TOKEN),
      verificationToken: e.FEISHU_VERIFICATION_TOKEN,
      domain: e.FEISHU_DOMAIN,
    };
  }

  let dingtalk: DingTalkConfig | undefined;
  if (e.DINGTALK_CLIENT_ID) {
    const why = 'when DINGTALK_CLIENT_ID is set';
    dingtalk = {
      clientId: e.DINGTALK_CLIENT_ID,
      clientSecret: required(e.DINGTALK_CLIENT_SECRET, 'DINGTALK_CLIENT_SECRET', why),
      robotCode: e.DINGTALK_ROBOT_CODE ?? e.DINGTALK_CLIENT_ID,
      apiBase: e.DINGTALK_API_BASE,
      oapiBase: e.DINGTALK_OAPI_BASE,
      mode: e.DINGTALK_MODE,
      botName: e.DINGTALK_BOT_NAME,
      cardTemplateId: cardsNeedStream(e.DINGTALK_CARD_TEMPLATE_ID, e.DINGTALK_MODE),
    };
  }

  const webChat = consoleConfig(e.CONSOLE, e.CONSOLE_TOKEN, Boolean(feishu || dingtalk));

  return {
    port: e.PORT,
    dataDir: e.DATA_DIR,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    logLevel: e.LOG_LEVEL,
    provider,
    account,
    faceAuthApp: e.FACE_AUTH_APP,
    feishu,
    dingtalk,
    console: webChat,
    approvers: e.APPROVERS.length === 0 && webChat && provider.kind === 'sandbox' ? [...CONSOLE_SANDBOX_APPROVERS] : e.APPROVERS,
    allowedUsers: e.ALLOWED_USERS,
    botAdmins: e.BOT_ADMINS,
    expiryWarnMinutes: e.EXPIRY_WARN_MINUTES,
    expiryCheckCron: e.EXPIRY_CHECK_CRON,
    stuckJobMinutes: e.STUCK_JOB_MINUTES,
    confirmationCheckCron: e.CONFIRMATION_CHECK_CRON,
  };
}

/**
 * The web chat is on where it is safe — no chat platform configured — and beside a real platform only with a token,
 * so a bot in a company's chats is never drivable by whoever reaches its port.
 */
function consoleConfig(setting: 'on' | 'off' | undefined, token: string | undefined, otherPlatform: boolean): ConsoleConfig | undefined {
  const on = setting ? setting === 'on' : !otherPlatform;
  if (!on) return undefined;
  if (otherPlatform && !token) {
    throw new ConfigError('CONSOLE_TOKEN is required when CONSOLE=on beside Feishu or DingTalk (the web chat must not be open to the world)');
  }
  return { token };
}

/** A card's button calls back over the stream only: in http mode no click would ever arrive. */
function cardsNeedStream(templateId: string | undefined, mode: 'http' | 'stream'): string | undefined {
  if (templateId && mode !== 'stream') {
    throw new ConfigError(
      'DINGTALK_CARD_TEMPLATE_ID 需要 DINGTALK_MODE=stream：互动卡片的按钮回调只经 Stream 连接送达，http 模式下点击永远不会到达机器人 / DINGTALK_CARD_TEMPLATE_ID needs DINGTALK_MODE=stream (card button callbacks only arrive over the stream)',
    );
  }
  return templateId;
}

/** Kingdee's AES-128 key is the encrypt_key's UTF-8 bytes: anything but 16 would fail every call. */
function sixteenBytes(key: string): string {
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes !== 16) throw new ConfigError(`KINGDEE_ENCRYPT_KEY must be 16 bytes (the AES-128 key), got ${bytes}`);
  return key;
}

/** Unverified callbacks would let anyone who can reach the webhook issue invoices: one of the two is required. */
function requireCallbackVerification(encryptKey: string | undefined, verificationToken: string | undefined): string | undefined {
  if (!encryptKey && !verificationToken) {
    throw new ConfigError(
      'FEISHU_ENCRYPT_KEY / FEISHU_VERIFICATION_TOKEN: set at least one (飞书开发者后台 → 事件与回调 → 加密策略); without them anyone who can reach the webhook could issue invoices',
    );
  }
  return encryptKey;
}
