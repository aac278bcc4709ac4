/** Reading request bodies in the fake platforms (no body-parser middleware: a fake sees the bytes the client sent). */
import type { IncomingMessage } from 'node:http';

export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/** Parses a JSON body; undefined when it is not JSON. */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const raw = await readRawBody(req);
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/**
 * Parses multipart/form-data keeping every part's bytes. The SDK uploads a Buffer as a part without a filename,
 * which the platform accepts as the file; a standard FormData parser would turn it into a (mangled) string.
 */
export async function readMultipart(req: IncomingMessage): Promise<Map<string, MultipartPart> | undefined> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(req.headers['content-type'] ?? '');
  if (!(req.headers['content-type'] ?? '').startsWith('multipart/form-data') || !boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const raw = await readRawBody(req);
  const parts = new Map<string, MultipartPart>();
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const headerStart = start + delimiter.length;
    if (raw.subarray(headerStart, headerStart + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, headerStart);
    if (next === -1) return undefined;
    const headerEnd = raw.indexOf('\r\n\r\n', headerStart);
    if (headerEnd === -1 || headerEnd > next) return undefined;
    const headers = raw.subarray(headerStart, headerEnd).toString('utf8');
    const name = /name="([^"]*)"/.exec(headers)?.[1];
    if (name !== undefined) {
      parts.set(name, {
        name,
        filename: /filename="([^"]*)"/.exec(headers)?.[1],
        contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1],
        // The part's data ends with the CRLF that precedes the next delimiter.
        data: raw.subarray(headerEnd + 4, next - 2),
      });
    }
    start = next;
  }
  return parts;
}
