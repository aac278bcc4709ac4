/**
 * The Lark SDK's HTTP on undici: keep-alive connections through one agent instead of axios and follow-redirects,
 * which cost the bot more CPU per reply than its whole webhook route (bench/RESULTS.md). JSON calls only; uploads
 * (multipart) and anything asking for a stream or headers stay on the SDK's own axios instance.
 * A non-2xx answer fails as axios's do (`error.response.{status,data,headers}`), which the SDK and callFeishu read;
 * the error carries no request, so no Authorization header can reach a log through it.
 * One agent for the process, as the SDK's own axios instance is: idle keep-alive sockets do not hold the process open.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import { Agent, request, type Dispatcher } from 'undici';

type Options = lark.HttpRequestOptions<unknown>;

/** A non-2xx answer, shaped like axios's error for the readers that look at `response`. */
export class FeishuHttpStatusError extends Error {
  readonly response: { status: number; data: unknown; headers: Record<string, unknown> };

  constructor(status: number, data: unknown, headers: Record<string, unknown>) {
    super(`Request failed with status code ${status}`);
    this.name = 'FeishuHttpStatusError';
    this.response = { status, data, headers };
  }
}

const DEFAULT_TIMEOUT_MS = 30_000;

export const feishuHttp: lark.HttpInstance = createFeishuHttp(
  new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 16 }),
);

function createFeishuHttp(agent: Agent): lark.HttpInstance {
  const fallback = lark.defaultHttpInstance;

  async function send(options: Options): Promise<any> {
    if (!isJsonCall(options)) return fallback.request(options);
    const headers = lowerCased(options.headers);
    const body = options.data === undefined ? undefined : JSON.stringify(options.data);
    if (body !== undefined) headers['content-type'] ??= 'application/json; charset=utf-8';
    const timeout = options.timeout || DEFAULT_TIMEOUT_MS;
    const response = await request(withQuery(options), {
      method: (options.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod,
      headers,
      body,
      dispatcher: agent,
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
    const data = parsed(await response.body.text());
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw new FeishuHttpStatusError(response.statusCode, data, response.headers);
    }
    return data;
  }

  return {
    request: send,
    get: (url, options) => send({ ...options, url, method: 'GET' }),
    delete: (url, options) => send({ ...options, url, method: 'DELETE' }),
    head: (url, options) => send({ ...options, url, method: 'HEAD' }),
    options: (url, options) => send({ ...options, url, method: 'OPTIONS' }),
    post: (url, data, options) => send({ ...options, url, data, method: 'POST' }),
    put: (url, data, options) => send({ ...options, url, data, method: 'PUT' }),
    patch: (url, data, options) => send({ ...options, url, data, method: 'PATCH' }),
  };
}

/** A JSON body (or none), a JSON answer read whole: what every send, update and lookup of the bot is. */
function isJsonCall(options: Options): boolean {
  if (options.responseType !== undefined && options.responseType !== 'json') return false;
  if (options.$return_headers) return false;
  const contentType = Object.entries(options.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  if (contentType !== undefined && !String(contentType).toLowerCase().includes('json')) return false;
  const data = options.data;
  return data === undefined || (typeof data === 'object' && data !== null && Object.getPrototypeOf(data) === Object.prototype);
}

function lowerCased(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) out[name.toLowerCase()] = String(value);
  return out;
}

/** The URL with `params` as the SDK asks (its own serializer when it gives one, as axios would call it). */
function withQuery(options: Options): string {
  const url = options.url ?? '';
  const params = Object.fromEntries(Object.entries(options.params ?? {}).filter(([, value]) => value !== undefined));
  if (Object.keys(params).length === 0) return url;
  const serializer = options.paramsSerializer;
  const query =
    typeof serializer === 'function'
      ? serializer(params)
      : new URLSearchParams(Object.entries(params).map(([name, value]): [string, string] => [name, String(value)])).toString();
  return query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
}

/** As axios reads an answer: JSON when it parses, else the text. */
function parsed(text: string): unknown {
  if (text === '') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
