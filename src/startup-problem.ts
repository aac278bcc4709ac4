/**
 * Start-up failures a person causes and can fix — a bad variable, a port already taken, a DATA_DIR that is a file —
 * as the one line `npm start` prints instead of a stack trace. Anything else is a bug and keeps its stack.
 */
import { ConfigError } from './config.js';
import { StoreDamagedError, StoreLockedError } from './store/errors.js';

export interface StartSettings {
  port: number;
  dataDir: string;
}

export function startupProblem(error: unknown, settings?: StartSettings): string | undefined {
  if (error instanceof ConfigError) return `配置错误 / configuration error: ${error.message}`;
  if (error instanceof StoreLockedError || error instanceof StoreDamagedError) return `存储错误 / store error: ${error.message}`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const syscall = (error as NodeJS.ErrnoException | undefined)?.syscall;
  if (!settings || typeof code !== 'string') return undefined;
  if (syscall === 'listen' && code === 'EADDRINUSE') {
    return `配置错误 / configuration error: PORT ${settings.port} 已被占用 / is in use: stop what uses it, or set PORT to another port`;
  }
  if (syscall === 'listen' && code === 'EACCES') {
    return `配置错误 / configuration error: PORT ${settings.port} 需要更高权限 / needs privileges: use a port above 1023`;
  }
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return `配置错误 / configuration error: DATA_DIR ${settings.dataDir} 不是目录 / is not a directory`;
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return `配置错误 / configuration error: DATA_DIR ${settings.dataDir} 不可写 / is not writable (${code})`;
  }
  return undefined;
}
