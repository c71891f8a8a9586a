import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../../../src/core/util/random.ts';
import { FaultController, type Fault } from '../faults.ts';
import { renderEmulatedImage } from '../render-image.ts';

/**
 * A loopback fal.ai queue API, faithful to what `@fal-ai/client` speaks:
 * `POST /{owner}/{alias}[/{path}]` queues a request (202 with `request_id` and
 * the status / response / cancel URLs, which drop the sub-path, as fal's do);
 * `GET …/requests/{id}/status` reports IN_QUEUE → IN_PROGRESS → COMPLETED as it
 * is polled; `GET …/requests/{id}` returns the result (`images` as data URIs
 * when `sync_mode` is set, else URLs under `/files/`); `PUT …/cancel` cancels.
 * Auth is `Authorization: Key <key>`; a wrong key gets 401 `{ detail }`.
 *
 * Faults, as the Runware and OpenAI emulators take them (`faults`, seeded): a
 * fault is drawn for each submit. `status` answers the submit with that HTTP
 * status (and `Retry-After`), `delay` answers it late, `hang` never answers,
 * `drop-socket` destroys the connection; `malformed-json` cuts the result body
 * off mid-value, `garbage-frame` answers the result with an HTML page, and
 * `runware-error` answers the result with a PNG-less image (bytes that are no
 * image). `stuckInQueue(n)` leaves the next n requests IN_PROGRESS forever.
 */
export interface FalEmulatorOptions {
  readonly apiKey: string;
  /** Status polls that answer IN_QUEUE / IN_PROGRESS before COMPLETED (default 1 each). */
  readonly pollsBeforeDone?: number;
  /** When set, every submit answers this HTTP status (e.g. 500, 429) instead of queueing. */
  failSubmitWith?: number | undefined;
}

export interface FalEmulator {
  readonly url: string;
  readonly options: FalEmulatorOptions;
  /** Requests submitted, in order, with the input each carried. */
  readonly submitted: readonly { readonly endpoint: string; readonly input: Record<string, unknown> }[];
  readonly cancelled: readonly string[];
  /** Fault injection for submits (scripted with `failNext` / `script`, or random with `set`). */
  readonly faults: FaultController;
  /** The next `n` submitted requests never leave IN_PROGRESS. */
  stuckInQueue(n: number): void;
  close(): Promise<void>;
}

interface QueuedRequest {
  readonly id: string;
  readonly app: string;
  readonly input: Record<string, unknown>;
  polls: number;
  cancelled: boolean;
  /** The fault drawn at submit that shows on the result (a broken body, an image that is no image). */
  readonly resultFault: Fault | undefined;
  readonly stuck: boolean;
}

const SIZES: Readonly<Record<string, readonly [number, number]>> = {
  square_hd: [1024, 1024],
  square: [512, 512],
  portrait_4_3: [768, 1024],
  portrait_16_9: [576, 1024],
  landscape_4_3: [1024, 768],
  landscape_16_9: [1024, 576],
};

export async function startFalEmulator(options: FalEmulatorOptions): Promise<FalEmulator> {
  const requests = new Map<string, QueuedRequest>();
  const files = new Map<string, { bytes: Uint8Array; type: string }>();
  const submitted: { endpoint: string; input: Record<string, unknown> }[] = [];
  const cancelled: string[] = [];
  const pollsBeforeDone = options.pollsBeforeDone ?? 1;
  const faults = new FaultController(seededRandom(0xfa1));
  let stuckLeft = 0;
  let base = '';

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-fal-request-id': randomUUID(),
    });
    res.end(text);
  };

  const result = async (request: QueuedRequest): Promise<unknown> => {
    const { input } = request;
    const size = input.image_size;
    const [width, height] =
      typeof size === 'string' ? (SIZES[size] ?? [1024, 1024]) : isRecord(size) ? [Number(size.width), Number(size.height)] : [1024, 1024];
    const count = Math.min(4, Math.max(1, Number(input.num_images ?? 1)));
    const seed = typeof input.seed === 'number' ? input.seed : 42;
    const format = input.output_format === 'png' ? 'png' : 'jpeg';
    const type = `image/${format}`;
    const images = [];
    for (let i = 0; i < count; i++) {
      const bytes =
        request.resultFault?.kind === 'runware-error'
          ? new TextEncoder().encode('<html>not an image</html>')
          : await renderEmulatedImage({
              prompt: String(input.prompt ?? ''),
              seed: seed + i,
              width,
              height,
              format: format === 'png' ? 'png' : 'jpeg',
            });
      let url: string;
      if (input.sync_mode === true) url = `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
      else {
        const name = `${request.id}-${i}.${format === 'png' ? 'png' : 'jpg'}`;
        files.set(name, { bytes, type });
        url = `${base}/files/${name}`;
      }
      images.push({ url, width, height, content_type: type });
    }
    return { images, seed, has_nsfw_concepts: images.map(() => false), prompt: input.prompt, timings: { inference: 0.1 } };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', base);
    const parts = url.pathname.split('/').filter(Boolean);
    if (req.method === 'GET' && parts[0] === 'files' && parts[1]) {
      const file = files.get(parts[1]);
      if (!file) return json(res, 404, { detail: 'Not found' });
      res.writeHead(200, { 'content-type': file.type, 'content-length': file.bytes.byteLength });
      res.end(file.bytes);
      return;
    }
    if (req.headers.authorization !== `Key ${options.apiKey}`) return json(res, 401, { detail: 'Unauthorized' });
    if (parts.length < 2) return json(res, 404, { detail: 'Application not found' });
    const app = `${parts[0]}/${parts[1]}`;
    if (parts[2] === 'requests' && parts[3]) {
      const request = requests.get(parts[3]);
      if (!request || request.app !== app) return json(res, 404, { detail: 'Request not found' });
      const urls = requestUrls(app, request.id);
      if (req.method === 'PUT' && parts[4] === 'cancel') {
        request.cancelled = true;
        cancelled.push(request.id);
        return json(res, 202, { status: 'CANCELLATION_REQUESTED' });
      }
      if (req.method === 'GET' && parts[4] === 'status') {
        request.polls += 1;
        if (request.cancelled) return json(res, 200, { status: 'COMPLETED', request_id: request.id, ...urls, logs: [] });
        if (request.stuck) return json(res, 200, { status: 'IN_PROGRESS', request_id: request.id, ...urls, logs: [] });
        if (request.polls <= pollsBeforeDone)
          return json(res, 200, { status: 'IN_QUEUE', request_id: request.id, queue_position: 0, ...urls });
        if (request.polls <= 2 * pollsBeforeDone)
          return json(res, 200, { status: 'IN_PROGRESS', request_id: request.id, ...urls, logs: [] });
        return json(res, 200, { status: 'COMPLETED', request_id: request.id, ...urls, logs: [], metrics: { inference_time: 0.1 } });
      }
      if (req.method === 'GET' && parts.length === 4) {
        if (request.cancelled) return json(res, 400, { detail: 'Request was cancelled' });
        const fault = request.resultFault?.kind;
        if (fault === 'malformed-json') return raw(res, 200, 'application/json', JSON.stringify(await result(request)).slice(0, 40));
        if (fault === 'garbage-frame') return raw(res, 200, 'text/html', '<html><body>502 Bad Gateway</body></html>');
        return json(res, 200, await result(request));
      }
      return json(res, 405, { detail: 'Method not allowed' });
    }
    if (req.method !== 'POST') return json(res, 405, { detail: 'Method not allowed' });
    if (options.failSubmitWith !== undefined) return json(res, options.failSubmitWith, { detail: 'Emulated failure' });
    const fault = faults.next();
    if (fault?.kind === 'status') {
      if (fault.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(fault.retryAfterSeconds));
      return json(res, fault.status, { detail: 'Emulated failure' });
    }
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'drop-socket') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    const body = await readJson(req);
    if (!isRecord(body) || typeof body.prompt !== 'string' || body.prompt.trim() === '') {
      return json(res, 422, { detail: [{ loc: ['body', 'prompt'], msg: 'field required', type: 'value_error.missing' }] });
    }
    const id = randomUUID();
    const stuck = stuckLeft > 0;
    if (stuck) stuckLeft -= 1;
    requests.set(id, { id, app, input: body, polls: 0, cancelled: false, resultFault: fault, stuck });
    submitted.push({ endpoint: parts.join('/'), input: body });
    return json(res, 200, { status: 'IN_QUEUE', request_id: id, queue_position: 0, ...requestUrls(app, id) });
  };

  const requestUrls = (app: string, id: string) => ({
    response_url: `${base}/${app}/requests/${id}`,
    status_url: `${base}/${app}/requests/${id}/status`,
    cancel_url: `${base}/${app}/requests/${id}/cancel`,
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => json(res, 500, { detail: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    options,
    submitted,
    cancelled,
    faults,
    stuckInQueue: (n) => {
      stuckLeft = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function raw(res: ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
