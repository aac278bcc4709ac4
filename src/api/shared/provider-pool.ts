/** The connections of a provider client (both build theirs alike): one keep-alive undici pool per base URL. */
import { Pool } from 'undici';

/** A keep-alive pool on the base URL's origin, and the path the base URL adds before every call. */
export function providerPool(
  baseUrl: string,
  timeouts: { connectTimeoutMs: number; responseTimeoutMs: number },
): { pool: Pool; basePath: string } {
  const url = new URL(baseUrl);
  const pool = new Pool(url.origin, {
    connectTimeout: timeouts.connectTimeoutMs,
    headersTimeout: timeouts.responseTimeoutMs,
    bodyTimeout: timeouts.responseTimeoutMs,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
    connections: 8,
  });
  return { pool, basePath: url.pathname.replace(/\/+$/, '') };
}
