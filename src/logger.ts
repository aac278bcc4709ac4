/** Structured JSON logs (pino). Secrets are redacted by path wherever they might ride along in a logged object. */
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

const SECRET_PATHS = [
  'appSecret',
  'app_secret',
  'clientSecret',
  'encryptKey',
  'token',
  'accessToken',
  'access_token',
  'tenant_access_token',
  'password',
  'gryhmm',
  'sign',
  'smsCode',
  '*.appSecret',
  '*.app_secret',
  '*.clientSecret',
  '*.encryptKey',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.password',
  '*.gryhmm',
  '*.sign',
  '*.smsCode',
  'headers.authorization',
  'req.headers.authorization',
];

export function createLogger(level: LevelWithSilent = 'info', destination?: NodeJS.WritableStream): Logger {
  const options = { level, redact: { paths: SECRET_PATHS, censor: '[redacted]' }, base: { app: 'fapiao-bot' } };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
