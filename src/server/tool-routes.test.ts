import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImageTaskInput } from '../core/contract/image-task.ts';
import type { TaskOutcome } from '../core/service/motif-api.ts';
import { TASK_LIMITS } from '../core/contract/request-limits.ts';
import { fakeMotifApi, TINY_PNG } from '../../test/support/fake-motif-api.ts';
import { startServer, type RunningServer } from './start-server.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Any bytes: the route hands the mask to the engine, which reads and checks it. */
const MASK = Buffer.from('mask bytes, told apart from the image');

/** A server over a fake engine whose `runTask` records each input and answers with `count` results made from `src`. */
async function serveTools(options: { token?: string } = {}) {
  const inputs: ImageTaskInput[] = [];
  const api = fakeMotifApi();
  api.runTask = async (input) => {
    inputs.push(input);
    const count = input.task === 'vary' ? (input.count ?? 1) : 1;
    const outcome = await api.generate({ prompt: 'gold balloons', count });
    const source = 'entryId' in input.source ? input.source.entryId : 'imported-1';
    const label = input.task === 'upscale' ? `Upscale ×${input.factor ?? 2}` : input.task;
    return {
      ...outcome,
      job: { ...outcome.job, task: { kind: input.task, sourceEntryId: source, label } },
      entries: outcome.entries.map((entry) => ({
        ...entry,
        parentId: source,
        task: input.task,
        ...(input.task === 'vectorize' ? { vector: { format: 'svg' as const, bytes: 20 } } : {}),
      })),
      texts: [],
    } satisfies TaskOutcome;
  };
  api.readVector = async () => '<svg xmlns="http://www.w3.org/2000/svg"/>';
  server = await startServer(api, { port: 0, ...(options.token === undefined ? {} : { token: options.token }) });
  return { url: server.url, inputs };
}

function form(parts: Record<string, string | Uint8Array>): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(parts)) {
    if (typeof value === 'string') body.append(name, value);
    else body.append(name, new Blob([value as Uint8Array<ArrayBuffer>], { type: 'image/png' }), `${name}.png`);
  }
  return body;
}

const post = (url: string, body: FormData | object, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    ...(body instanceof FormData
      ? { body, headers }
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } }),
  });

async function errorOf(response: Response): Promise<{ status: number; code: string; param: string | null; message: string }> {
  const body = (await response.json()) as { error: { code: string; param: string | null; message: string } };
  return { status: response.status, ...body.error };
}

describe('POST /v1/images/edits', () => {
  it('repaints the masked area: the image, the mask and the prompt reach the engine as an inpaint', async () => {
    const { url, inputs } = await serveTools();
    const response = await post(
      `${url}/v1/images/edits`,
      form({ image: TINY_PNG, mask: MASK, prompt: 'a gold crown', response_format: 'url' }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/\S/);
    expect(response.headers.get('x-motif-attempts')).toContain('local');
    const body = (await response.json()) as { data: { url: string; entry_id: string; parent_id: string }[]; motif: { task: string } };
    expect(body.data).toHaveLength(1);
    expect(body.data[0]!.url).toBe(`${url}/images/${body.data[0]!.entry_id}`);
    expect(body.data[0]!.parent_id).toBe('imported-1');
    expect(body.motif.task).toBe('inpaint');
    const input = inputs[0]!;
    expect(input.task).toBe('inpaint');
    if (input.task !== 'inpaint' || !('bytes' in input.source)) throw new Error('expected an inpaint of uploaded bytes');
    expect(Buffer.from(input.source.bytes).equals(TINY_PNG)).toBe(true);
    expect(input.source.name).toBe('image.png');
    expect(Buffer.from(input.mask).equals(MASK)).toBe(true);
    expect(input.prompt).toBe('a gold crown');
  });

  it('without a mask, lets the prompt lead an image-to-image (strong by default) and returns base64 when asked', async () => {
    const { url, inputs } = await serveTools();
    const response = await post(
      `${url}/v1/images/edits`,
      form({ image: TINY_PNG, prompt: 'winter theme', n: '2', response_format: 'b64_json' }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { b64_json: string }[] };
    expect(body.data.map((item) => Buffer.from(item.b64_json, 'base64').equals(TINY_PNG))).toEqual([true, true]);
    expect(inputs[0]).toMatchObject({ task: 'vary', prompt: 'winter theme', strength: 'strong', count: 2 });
  });

  it("accepts OpenAI's image[] name and its size and model fields", async () => {
    const { url, inputs } = await serveTools();
    const response = await post(
      `${url}/v1/images/edits`,
      form({ 'image[]': TINY_PNG, prompt: 'confetti', size: '1024x1024', model: 'gpt-image-1', user: 'u1' }),
    );
    expect(response.status).toBe(200);
    expect(inputs[0]?.task).toBe('vary');
  });
});

describe('POST /v1/images/variations', () => {
  it('makes n variations of the uploaded image, subtle unless strength says otherwise', async () => {
    const { url, inputs } = await serveTools();
    const response = await post(`${url}/v1/images/variations`, form({ image: TINY_PNG, n: '3' }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data).toHaveLength(3);
    expect(inputs[0]).toMatchObject({ task: 'vary', count: 3 });
    expect(inputs[0]).not.toHaveProperty('strength');
    await post(`${url}/v1/images/variations`, form({ image: TINY_PNG, strength: '0.6' }));
    expect(inputs[1]).toMatchObject({ task: 'vary', strength: 0.6 });
  });
});

describe('Motif tool routes', () => {
  it('upscales a library entry named in JSON, and an uploaded file', async () => {
    const { url, inputs } = await serveTools();
    const byId = await post(`${url}/motif/images/upscale`, { id: 'entry-7', factor: 4 });
    expect(byId.status).toBe(200);
    expect(inputs[0]).toEqual({ task: 'upscale', source: { entryId: 'entry-7' }, factor: 4 });
    const byFile = await post(`${url}/motif/images/upscale`, form({ image: TINY_PNG, factor: '3' }));
    expect(byFile.status).toBe(200);
    expect(inputs[1]).toMatchObject({ task: 'upscale', factor: 3 });
    expect(((await byFile.json()) as { motif: { source_entry_id: string } }).motif.source_entry_id).toBe('imported-1');
  });

  it('removes a background and vectorizes; vectorize answers the SVG too', async () => {
    const { url, inputs } = await serveTools();
    expect((await post(`${url}/motif/images/remove-background`, { id: 'entry-7' })).status).toBe(200);
    const vector = await post(`${url}/motif/images/vectorize`, { id: 'entry-7', response_format: 'url' });
    const body = (await vector.json()) as { data: { svg: string }[] };
    expect(body.data[0]!.svg).toContain('<svg');
    expect(inputs.map((input) => input.task)).toEqual(['remove-background', 'vectorize']);
  });

  it('repairs a pattern tile’s seam from a library entry or an upload', async () => {
    const { url, inputs } = await serveTools();
    expect((await post(`${url}/motif/images/seamless`, { id: 'entry-7' })).status).toBe(200);
    expect((await post(`${url}/motif/images/seamless`, form({ image: TINY_PNG }))).status).toBe(200);
    expect(inputs[0]).toEqual({ task: 'seamless', source: { entryId: 'entry-7' } });
    expect(inputs[1]).toMatchObject({ task: 'seamless', source: { bytes: expect.any(Uint8Array) } });
    expect((await errorOf(await post(`${url}/motif/images/seamless`, { id: 'e1', band: 0.2 }))).param).toBe('band');
  });
});

describe('hostile input to the tool routes', () => {
  it('refuses JSON on the OpenAI upload routes and a form on the JSON-only routes, naming Content-Type', async () => {
    const { url, inputs } = await serveTools();
    expect(await errorOf(await post(`${url}/v1/images/edits`, { image: 'x', prompt: 'p' }))).toMatchObject({
      status: 400,
      code: 'invalid_request',
      param: 'Content-Type',
    });
    expect(await errorOf(await post(`${url}/v1/images/generations`, form({ prompt: 'p' })))).toMatchObject({
      status: 400,
      param: 'Content-Type',
    });
    expect(inputs).toHaveLength(0);
  });

  it('names the field for a missing image or prompt, wrong types, unknown and repeated fields', async () => {
    const { url, inputs } = await serveTools();
    const cases: [string, FormData, string][] = [
      ['/v1/images/edits', form({ prompt: 'p' }), 'image'],
      ['/v1/images/edits', form({ image: TINY_PNG }), 'prompt'],
      ['/v1/images/edits', form({ image: TINY_PNG, prompt: '   ' }), 'prompt'],
      ['/v1/images/edits', form({ image: 'not a file', prompt: 'p' }), 'image'],
      ['/v1/images/edits', form({ image: TINY_PNG, prompt: 'p', n: 'two' }), 'n'],
      ['/v1/images/edits', form({ image: TINY_PNG, prompt: 'p', n: '99' }), 'n'],
      ['/v1/images/edits', form({ image: TINY_PNG, mask: MASK, prompt: 'p', n: '2' }), 'n'],
      ['/v1/images/edits', form({ image: TINY_PNG, prompt: 'p', size: 'huge' }), 'size'],
      ['/v1/images/edits', form({ image: TINY_PNG, prompt: 'p', response_format: 'gif' }), 'response_format'],
      ['/v1/images/edits', form({ image: TINY_PNG, prompt: 'p', colour: 'red' }), 'colour'],
      ['/v1/images/variations', form({ image: TINY_PNG, strength: 'medium' }), 'strength'],
      ['/v1/images/variations', form({ image: TINY_PNG, mask: MASK }), 'mask'],
      ['/motif/images/upscale', form({ image: TINY_PNG, factor: '5' }), 'factor'],
    ];
    for (const [path, body, param] of cases) {
      const error = await errorOf(await post(`${url}${path}`, body));
      expect({ path, param: error.param, status: error.status, code: error.code }).toEqual({
        path,
        param,
        status: 400,
        code: 'invalid_request',
      });
    }
    const twice = new FormData();
    twice.append('image[]', new Blob([TINY_PNG]), 'a.png');
    twice.append('image[]', new Blob([TINY_PNG]), 'b.png');
    twice.append('prompt', 'p');
    expect((await errorOf(await post(`${url}/v1/images/edits`, twice))).param).toBe('image');
    expect(inputs).toHaveLength(0);
  });

  it('checks JSON bodies of the Motif routes: the id, the factor, unknown keys, an empty body', async () => {
    const { url, inputs } = await serveTools();
    expect((await errorOf(await post(`${url}/motif/images/upscale`, { id: '../../etc/passwd' }))).param).toBe('id');
    expect((await errorOf(await post(`${url}/motif/images/upscale`, { id: 'e1', factor: '2' }))).param).toBe('factor');
    expect((await errorOf(await post(`${url}/motif/images/upscale`, { id: 'e1', factor: 8 }))).param).toBe('factor');
    expect((await errorOf(await post(`${url}/motif/images/remove-background`, { id: 'e1', extra: true }))).param).toBe('extra');
    expect((await errorOf(await post(`${url}/motif/images/vectorize`, { id: 7 }))).param).toBe('id');
    const empty = await fetch(`${url}/motif/images/vectorize`, { method: 'POST' });
    expect(await errorOf(empty)).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(inputs).toHaveLength(0);
  });

  it('answers 413 payload_too_large for an image over the limit, before the engine is asked', async () => {
    const { url, inputs } = await serveTools();
    const huge = new Uint8Array(TASK_LIMITS.maxSourceBytes + 1);
    const error = await errorOf(await post(`${url}/v1/images/variations`, form({ image: huge })));
    expect(error).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(inputs).toHaveLength(0);
  });

  it('answers a malformed multipart body with invalid_request, not a crash', async () => {
    const { url } = await serveTools();
    const response = await fetch(`${url}/v1/images/edits`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nunfinished',
    });
    expect(await errorOf(response)).toMatchObject({ status: 400, code: 'invalid_request' });
    const noBoundary = await fetch(`${url}/v1/images/edits`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data' },
      body: 'x',
    });
    expect(await errorOf(noBoundary)).toMatchObject({ status: 400, code: 'invalid_request' });
  });

  it('keeps the host check and the bearer token on the tool routes', async () => {
    const { url, inputs } = await serveTools({ token: 'secret-token' });
    const unauthorised = await post(`${url}/motif/images/upscale`, { id: 'e1' });
    expect(await errorOf(unauthorised)).toMatchObject({ status: 401, code: 'auth_failed' });
    const allowed = await post(`${url}/v1/images/variations`, form({ image: TINY_PNG }), { authorization: 'Bearer secret-token' });
    expect(allowed.status).toBe(200);
    expect(inputs).toHaveLength(1);
    const { port } = new URL(url);
    const foreignHost = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest(
        {
          port,
          path: '/motif/images/upscale',
          method: 'POST',
          headers: { host: 'attacker.example', 'content-type': 'application/json', authorization: 'Bearer secret-token' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ id: 'e1' }));
    });
    expect(foreignHost).toBe(400);
    expect(inputs).toHaveLength(1);
  });
});
