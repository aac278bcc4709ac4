/**
 * The real bot as a child process, started the way `npm start` starts it (tsx running src/main.ts, configuration
 * from the environment only), so a test can SIGKILL or SIGTERM it, start a second one on the same DATA_DIR, and read
 * what it printed. Every process started here is tracked so a failed test leaves none behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MAIN = fileURLToPath(new URL('../../../src/main.ts', import.meta.url));
/** tsx's loader, by absolute URL: the child runs outside the repository (see `launch`). */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** Start-up compiles the bot with tsx: seconds on a busy machine. */
const START_TIMEOUT_MS = 25_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BotProcess {
  readonly pid: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Everything it printed so far (stdout and stderr together). */
  output(): string;
  readonly exited: Promise<Exit>;
  /** Sends `signal` now (no waiting: a test may kill it in the middle of something). */
  signal(signal: NodeJS.Signals): void;
  /** Sends `signal` and waits for the process to end. */
  stop(signal: NodeJS.Signals): Promise<Exit>;
}

const live = new Set<ChildProcess>();

/** Starts the bot with `env` on a free port and waits until /healthz answers 200. */
export async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { child, output, exited } = launch({ ...env, PORT: String(port) });
  const bot: BotProcess = {
    pid: child.pid!,
    url,
    output,
    exited,
    signal: (signal) => void child.kill(signal),
    stop(signal) {
      child.kill(signal);
      return exited;
    },
  };
  await waitHealthy(bot);
  return bot;
}

/** Starts the bot with `env` expecting it to refuse to start: resolves with how it exited and what it printed. */
export async function runBotToExit(env: Record<string, string>): Promise<Exit & { output: string }> {
  const port = await freePort();
  const { child, output, exited } = launch({ ...env, PORT: String(port) });
  const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
  const exit = await exited.finally(() => clearTimeout(timer));
  return { ...exit, output: output() };
}

/** SIGKILLs every bot process a test left running (afterEach). */
export async function killBotProcesses(): Promise<void> {
  const ending = [...live].map(async (child) => {
    const closed = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGKILL');
    await closed;
  });
  await Promise.all(ending);
}

function launch(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN], {
    // In DATA_DIR, not the repository: a developer's .env (main.ts loads it from the working directory) stays out.
    cwd: env.DATA_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir(), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let printed = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
  const exited = new Promise<Exit>((resolve) => {
    // 'close', not 'exit': by then everything it printed has been read.
    child.once('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, output: () => printed, exited };
}

async function waitHealthy(bot: BotProcess): Promise<void> {
  let exit: Exit | undefined;
  void bot.exited.then((value) => (exit = value));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exit) throw new Error(`the bot exited during start-up (${JSON.stringify(exit)}):\n${bot.output()}`);
    const status = await fetch(`${bot.url}/healthz`).then(
      (response) => response.status,
      () => undefined,
    );
    if (status === 200) return;
    if (Date.now() > deadline) {
      bot.signal('SIGKILL');
      throw new Error(`the bot did not become healthy within ${START_TIMEOUT_MS} ms:\n${bot.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A port free on 127.0.0.1 right now (the bot prints its port only in sandbox mode, so the test picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
