/** Exits a server child once the answer to `stop` has had time to reach the parent over IPC. */
export function exitSoon(): void {
  setTimeout(() => process.exit(0), 50);
}
