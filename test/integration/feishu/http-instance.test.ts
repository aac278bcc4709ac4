/** The SDK's HTTP on undici (src/bot/feishu/http-instance.ts) against a loopback server that records what it got. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feishuHttp, FeishuHttpStatusError } from '../../../src/bot/feishu/http-instance.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let base: string;
const seen: Seen[] = [];
/** What the server answers next: status, body text, extra headers. */
let answer: { status: number; body: string; headers?: Record<string, string> } = { status: 200, body: '{}' };

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the Lark SDK sending through undici', () => {
  it('sends a JSON body with the query the SDK serialises, and answers with the parsed body', async () => {
    answer = { status: 200, body: '{"code":0,"data":{"message_id":"om_1"}}' };
    const body = await feishuHttp.request({
      url: `${base}/open-apis/im/v1/messages`,
      method: 'POST',
      headers: { Authorization: 'Bearer t-1', 'User-Agent': 'oapi-node-sdk' },
      params: { receive_id_type: 'chat_id', ids: ['a', 'b'], skipped: undefined },
      paramsSerializer: (params: Record<string, unknown>) =>
        Object.entries(params)
          .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((one) => `${name}=${one}`))
          .join('&'),
      data: { receive_id: 'oc_1', content: '{"text":"你好"}' },
    });
    expect(body).toEqual({ code: 0, data: { message_id: 'om_1' } });
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', url: '/open-apis/im/v1/messages?receive_id_type=chat_id&ids=a&ids=b' });
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.headers.authorization).toBe('Bearer t-1');
    expect(JSON.parse(request.body)).toEqual({ receive_id: 'oc_1', content: '{"text":"你好"}' });
  });

  it('fails a non-2xx answer as axios does, with status, body and headers, and no request in the error', async () => {
    answer = { status: 429, body: '{"code":99991400,"msg":"rate limited"}', headers: { 'x-ogw-ratelimit-reset': '2' } };
    const error = await feishuHttp.patch(`${base}/open-apis/im/v1/messages/om_1`, { content: '{}' }, {
      headers: { Authorization: 'Bearer t-secret' },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FeishuHttpStatusError);
    const { response } = error as FeishuHttpStatusError;
    expect(response.status).toBe(429);
    expect(response.data).toEqual({ code: 99991400, msg: 'rate limited' });
    expect(response.headers['x-ogw-ratelimit-reset']).toBe('2');
    expect(JSON.stringify(error) + String(error)).not.toContain('t-secret');
    expect(seen.at(-1)!.method).toBe('PATCH');
  });

  it('answers a body that is not JSON with its text', async () => {
    answer = { status: 200, body: 'plain words' };
    expect(await feishuHttp.get(`${base}/open-apis/whatever`)).toBe('plain words');
    expect(seen.at(-1)).toMatchObject({ method: 'GET', body: '' });
  });

  it('leaves an upload (multipart) to the SDK’s own instance, which sends it as a form', async () => {
    answer = { status: 200, body: '{"code":0,"data":{"image_key":"img_1"}}' };
    const body = await feishuHttp.request({
      url: `${base}/open-apis/im/v1/images`,
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data' },
      data: { image_type: 'message', image: Buffer.from('png bytes') },
    });
    expect(body).toEqual({ code: 0, data: { image_key: 'img_1' } });
    const request = seen.at(-1)!;
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request.body).toContain('png bytes');
  });
});
