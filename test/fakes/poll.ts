/** Waiting for something the bot does asynchronously, in the fakes and the harnesses. */

/** Polls every 10 ms until `found` gives something truthy; after `timeoutMs` throws `failure()` as the message. */
export async function pollUntil<T>(found: () => T | undefined | null | false, timeoutMs: number, failure: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = found();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
