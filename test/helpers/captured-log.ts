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

/**
 * A short code (an SMS code) standing as a value of its own: random ids and millisecond timestamps in a log hold any
 * six digits now and then, so `includes` would find a leak where there is none.
 */
export const standingAlone = (code: string): RegExp => new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`);
