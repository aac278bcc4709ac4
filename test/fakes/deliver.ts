/** POSTing a request built like a platform builds it (exact body, signature headers) to the bot. */

export interface SignedRequest {
  headers: Record<string, string>;
  /** The exact body string the signature covers. */
  body: string;
}

/** POSTs a built request to the bot and returns status and parsed JSON answer (undefined when not JSON). */
export async function deliver(url: string, request: SignedRequest): Promise<{ status: number; json: any }> {
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}
