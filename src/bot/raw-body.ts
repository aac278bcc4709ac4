/**
 * The request body exactly as sent: signatures are computed over these bytes, so nothing may parse it first.
 * If a body parser ran before us and kept the raw text (`ctx.request.rawBody`), that is used instead.
 */
import type { Context } from 'koa';

/** Platform callbacks (Feishu events, DingTalk robot messages) are small; anything near this is not one. */
const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body exceeds ${MAX_BODY_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export async function readRawBody(ctx: Context): Promise<string> {
  const kept = (ctx.request as { rawBody?: unknown }).rawBody;
  if (typeof kept === 'string') return kept;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The raw body, or undefined once `tooLarge` has answered a body over the limit (a 413). */
export async function readRawBodyWithin(ctx: Context, tooLarge: () => void): Promise<string | undefined> {
  try {
    return await readRawBody(ctx);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    tooLarge();
    return undefined;
  }
}

export function parseJsonObject(raw: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
