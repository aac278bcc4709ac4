import { Writable } from 'node:stream';

/** A stream that keeps every log line written to it, for tests that search what a logger wrote. */
export function capturedLog(): { stream: Writable; text(): string; lines(): string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => lines.join(''), lines: () => [...lines] };
}
