/**
 * Request / answer over a forked child's IPC channel: the parent asks a server process (bot, bare route, fakes)
 * for its port, its RSS or what the fake Feishu recorded, without adding any HTTP route to the code under test.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

type Handler = (params: any) => unknown;

interface RpcRequest {
  rpc: number;
  method: string;
  params: unknown;
}

interface RpcAnswer {
  rpc: number;
  result?: unknown;
  error?: string;
}

/** In the child: answer the parent's calls, then tell it `ready` with what `ready()` returns. */
export async function serveRpc(handlers: Record<string, Handler>, ready: () => Promise<unknown>): Promise<void> {
  if (!process.send) throw new Error('serveRpc: not started with an IPC channel (use startChild)');
  const send = (message: unknown) => process.send?.(message);
  process.on('message', (message: RpcRequest) => {
    if (typeof message?.rpc !== 'number') return;
    const handler = handlers[message.method];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`no rpc method ${message.method}`);
        return handler(message.params);
      })
      .then(
        (result) => send({ rpc: message.rpc, result } satisfies RpcAnswer),
        (error: unknown) => send({ rpc: message.rpc, error: String(error instanceof Error ? error.message : error) } satisfies RpcAnswer),
      );
  });
  // The parent going away (Ctrl-C, watchdog) takes the child with it.
  process.on('disconnect', () => process.exit(0));
  send({ ready: await ready() });
}

export interface RunningChild<Ready> {
  ready: Ready;
  pid: number;
  call<T = unknown>(method: string, params?: unknown, timeoutMs?: number): Promise<T>;
  /** Asks the child to `stop` (its own clean shutdown), then kills it if it has not exited in time. */
  stop(): Promise<void>;
}

/**
 * Forks a TypeScript module under tsx and waits for its `ready` message. `--expose-gc` lets `memoryMiB` collect
 * before it reads, so what is compared between rounds is what the process holds, not when V8 last collected.
 */
export async function startChild<Ready>(moduleUrl: URL, env: Record<string, string> = {}, startTimeoutMs = 30_000): Promise<RunningChild<Ready>> {
  const child = fork(fileURLToPath(moduleUrl), [], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...(process.env.BENCH_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('exit', (code) => {
    for (const { reject } of pending.values()) reject(new Error(`child exited (${code}) before answering`));
    pending.clear();
  });
  child.on('message', (message: RpcAnswer) => {
    const waiter = typeof message?.rpc === 'number' ? pending.get(message.rpc) : undefined;
    if (!waiter) return;
    pending.delete(message.rpc);
    if (message.error !== undefined) waiter.reject(new Error(message.error));
    else waiter.resolve(message.result);
  });

  const call = <T>(method: string, params?: unknown, timeoutMs = 60_000): Promise<T> => {
    const rpc = (nextId += 1);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(rpc);
        reject(new Error(`rpc ${method}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(rpc, {
        resolve: (value) => (clearTimeout(timer), resolve(value as T)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      child.send({ rpc, method, params } satisfies RpcRequest);
    });
  };

  const ready = await waitForReady<Ready>(child, startTimeoutMs);
  return {
    ready,
    pid: child.pid ?? -1,
    call,
    async stop() {
      if (child.exitCode !== null) return;
      await call('stop', undefined, 10_000).catch(() => undefined);
      const killed = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killed);
    },
  };
}

function waitForReady<Ready>(child: ChildProcess, timeoutMs: number): Promise<Ready> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code}) while starting`));
    });
    const onMessage = (message: { ready?: unknown }) => {
      if (!message || !('ready' in message)) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message.ready as Ready);
    };
    child.on('message', onMessage);
  });
}

export interface MemoryMiB {
  rss: number;
  /** V8 heap in use: tells data the process holds (e.g. the store) from allocator slack in the RSS. */
  heapUsed: number;
  /** What V8 has reserved for its heap: in use plus its own slack. */
  heapTotal: number;
  /** Memory outside the V8 heap that V8 knows of: Buffers, WebAssembly (undici's HTTP parser). */
  external: number;
  /** The bot only: deliveries acknowledged and not yet handled. */
  backlog?: number;
}

/** Every server child answers `memory` with this, after a full garbage collection. */
export function memoryMiB(): MemoryMiB {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  return { rss: rss / 2 ** 20, heapUsed: heapUsed / 2 ** 20, heapTotal: heapTotal / 2 ** 20, external: external / 2 ** 20 };
}
