import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageFiles, startHarness, type ErrorBody, type Harness } from './server-harness.ts';

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** A plain HTTP request with full control over headers and body bytes. */
function send(url: string, method: string, headers: Record<string, string>, body?: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const OPENAI = '/v1/images/generations';
const LEGACY = '/motif/generation/generate-from-prompt';
const json = (value: unknown): string => JSON.stringify(value);

interface BadInput {
  readonly name: string;
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  readonly status: number;
  readonly code: string;
  /** Expected `error.param`; `null` asserts there is none. Omitted: not checked. */
  readonly param?: string | null;
}

const BAD_INPUTS: readonly BadInput[] = [
  { name: 'empty prompt', body: json({ prompt: '' }), status: 400, code: 'invalid_request', param: 'prompt' },
  { name: 'whitespace-only prompt', body: json({ prompt: '   \n ' }), status: 400, code: 'invalid_request', param: 'prompt' },
  { name: 'over-long prompt', body: json({ prompt: 'x'.repeat(2001) }), status: 400, code: 'invalid_request', param: 'prompt' },
  { name: 'missing prompt', body: json({ n: 1 }), status: 400, code: 'invalid_request', param: 'prompt' },
  { name: 'prompt of the wrong type', body: json({ prompt: 42 }), status: 400, code: 'invalid_request', param: 'prompt' },
  { name: 'n = 0', body: json({ prompt: 'x', n: 0 }), status: 400, code: 'invalid_request', param: 'n' },
  { name: 'n = 9', body: json({ prompt: 'x', n: 9 }), status: 400, code: 'invalid_request', param: 'n' },
  { name: 'fractional n', body: json({ prompt: 'x', n: 1.5 }), status: 400, code: 'invalid_request', param: 'n' },
  { name: 'n as a string', body: json({ prompt: 'x', n: '2' }), status: 400, code: 'invalid_request', param: 'n' },
  { name: 'garbled size', body: json({ prompt: 'x', size: 'big' }), status: 400, code: 'invalid_request', param: 'size' },
  { name: 'size below the minimum side', body: json({ prompt: 'x', size: '10x10' }), status: 400, code: 'invalid_request', param: 'size' },
  {
    name: 'size above the maximum side',
    body: json({ prompt: 'x', size: '8192x8192' }),
    status: 400,
    code: 'invalid_request',
    param: 'size',
  },
  {
    name: 'size with three dimensions',
    body: json({ prompt: 'x', size: '64x64x64' }),
    status: 400,
    code: 'invalid_request',
    param: 'size',
  },
  { name: 'size as a number', body: json({ prompt: 'x', size: 1024 }), status: 400, code: 'invalid_request', param: 'size' },
  {
    name: 'unsupported response_format',
    body: json({ prompt: 'x', response_format: 'jpeg' }),
    status: 400,
    code: 'invalid_request',
    param: 'response_format',
  },
  {
    name: 'unsupported output_format',
    body: json({ prompt: 'x', output_format: 'gif' }),
    status: 400,
    code: 'invalid_request',
    param: 'output_format',
  },
  { name: 'unknown style', body: json({ prompt: 'x', style: 'goth' }), status: 400, code: 'invalid_request', param: 'style' },
  { name: 'negative seed', body: json({ prompt: 'x', seed: -1 }), status: 400, code: 'invalid_request', param: 'seed' },
  { name: 'seed above 2^32-1', body: json({ prompt: 'x', seed: 2 ** 32 }), status: 400, code: 'invalid_request', param: 'seed' },
  { name: 'seed as a string', body: json({ prompt: 'x', seed: 'abc' }), status: 400, code: 'invalid_request', param: 'seed' },
  {
    name: 'over-long negative_prompt',
    body: json({ prompt: 'x', negative_prompt: 'y'.repeat(1001) }),
    status: 400,
    code: 'invalid_request',
    param: 'negative_prompt',
  },
  {
    name: 'model with bad characters',
    body: json({ prompt: 'x', model: 'bad model!' }),
    status: 400,
    code: 'invalid_request',
    param: 'model',
  },
  { name: 'stream: true', body: json({ prompt: 'x', stream: true }), status: 400, code: 'invalid_request', param: 'stream' },
  { name: 'unknown field', body: json({ prompt: 'x', colour: 'red' }), status: 400, code: 'invalid_request', param: 'colour' },
  { name: '__proto__ key', body: '{"prompt":"x","__proto__":{"isAdmin":true}}', status: 400, code: 'invalid_request', param: '__proto__' },
  {
    name: 'nested constructor key',
    body: '{"prompt":"x","user":{"constructor":{"prototype":{"x":1}}}}',
    status: 400,
    code: 'invalid_request',
    param: 'user.constructor',
  },
  { name: 'prototype key', body: '{"prompt":"x","prototype":1}', status: 400, code: 'invalid_request', param: 'prototype' },
  {
    name: 'JSON nested too deeply',
    body: `{"prompt":"x","user":${'['.repeat(64)}${']'.repeat(64)}}`,
    status: 400,
    code: 'invalid_request',
  },
  { name: 'body that is not JSON', body: 'prompt=balloons&n=1', status: 400, code: 'invalid_request', param: null },
  { name: 'truncated JSON', body: '{"prompt":"balloons"', status: 400, code: 'invalid_request', param: null },
  { name: 'JSON array body', body: json([{ prompt: 'x' }]), status: 400, code: 'invalid_request', param: null },
  { name: 'JSON null body', body: 'null', status: 400, code: 'invalid_request', param: null },
  { name: 'empty body', body: '', status: 400, code: 'invalid_request', param: null },
  {
    name: 'invalid UTF-8',
    body: Buffer.from([0x7b, 0x22, 0x70, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    status: 400,
    code: 'invalid_request',
    param: null,
  },
  {
    name: 'text/plain content type',
    headers: { 'content-type': 'text/plain' },
    body: json({ prompt: 'x' }),
    status: 400,
    code: 'invalid_request',
    param: 'Content-Type',
  },
  {
    name: 'form content type',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'prompt=x',
    status: 400,
    code: 'invalid_request',
    param: 'Content-Type',
  },
  { name: 'no content type', headers: {}, body: json({ prompt: 'x' }), status: 400, code: 'invalid_request', param: 'Content-Type' },
  {
    name: 'non-UTF-8 charset',
    headers: { 'content-type': 'application/json; charset=latin1' },
    body: json({ prompt: 'x' }),
    status: 400,
    code: 'invalid_request',
    param: 'Content-Type',
  },
  {
    name: 'oversized body (declared length)',
    body: json({ prompt: 'x'.repeat(100_000) }),
    status: 413,
    code: 'payload_too_large',
    param: null,
  },
  {
    name: 'oversized chunked body',
    headers: { ...JSON_HEADERS, 'transfer-encoding': 'chunked' },
    body: json({ prompt: 'x'.repeat(300_000) }),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'legacy: empty prompt',
    path: LEGACY,
    body: json({ prompt: '', style: 'party' }),
    status: 400,
    code: 'invalid_request',
    param: 'prompt',
  },
  {
    name: 'legacy: unknown style',
    path: LEGACY,
    body: json({ prompt: 'x', style: 'neon' }),
    status: 400,
    code: 'invalid_request',
    param: 'style',
  },
  {
    name: 'legacy: user_id of the wrong type',
    path: LEGACY,
    body: json({ prompt: 'x', user_id: 7 }),
    status: 400,
    code: 'invalid_request',
    param: 'user_id',
  },
  {
    name: 'legacy: unknown field',
    path: LEGACY,
    body: json({ prompt: 'x', size: '64x64' }),
    status: 400,
    code: 'invalid_request',
    param: 'size',
  },
  {
    name: 'legacy: __proto__ key',
    path: LEGACY,
    body: '{"prompt":"x","__proto__":{}}',
    status: 400,
    code: 'invalid_request',
    param: '__proto__',
  },
  { name: 'unknown route', method: 'GET', path: '/v2/images', status: 404, code: 'not_found' },
  { name: 'path traversal attempt', method: 'GET', path: '/images/../../etc/passwd', status: 404, code: 'not_found' },
  { name: 'wrong method on generations', method: 'GET', path: OPENAI, status: 405, code: 'invalid_request' },
  { name: 'wrong method on an image', method: 'DELETE', path: '/images/abc', status: 405, code: 'invalid_request' },
  { name: 'malformed image id', method: 'GET', path: '/images/%2e%2e%2fsecret', status: 400, code: 'invalid_request', param: 'id' },
  { name: 'over-long image id', method: 'GET', path: `/images/${'a'.repeat(101)}`, status: 400, code: 'invalid_request', param: 'id' },
  { name: 'unknown image id', method: 'GET', path: '/images/00000000-0000-4000-8000-000000000000', status: 404, code: 'not_found' },
  {
    name: 'unknown thumbnail id',
    method: 'GET',
    path: '/images/00000000-0000-4000-8000-000000000000/thumbnail',
    status: 404,
    code: 'not_found',
  },
];

describe('the local API refuses bad input clearly and safely', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ maxBodyBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('has a table of at least 25 bad inputs', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(BAD_INPUTS)('$name → $status $code', async (row) => {
    const method = row.method ?? 'POST';
    const headers = row.headers ?? (method === 'POST' ? JSON_HEADERS : {});
    const res = await send(`${harness.server.url}${row.path ?? OPENAI}`, method, headers, row.body);
    expect(res.status).toBe(row.status);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
    const body = JSON.parse(res.text) as ErrorBody;
    expect(Object.keys(body)).toEqual(['error']);
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(body.error.code).toBe(row.code);
    expect(body.error.type).toBe(row.status === 404 ? 'not_found_error' : 'invalid_request_error');
    expect(body.error.message.length).toBeGreaterThan(5);
    expect(body.error.message).not.toMatch(/\n\s+at /);
    if (row.param !== undefined) expect(body.error.param).toBe(row.param);
    if (row.status === 405) expect(res.headers.allow).toBeDefined();

    // Nothing was generated or written, and the server is still fine.
    expect((await harness.service.listLibrary({})).total).toBe(0);
    expect(harness.service.jobs()).toHaveLength(0);
    expect(await imageFiles(harness.dataDir)).toEqual([]);
    const health = await fetch(`${harness.server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
  });

  it('leaves Object.prototype untouched', () => {
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
