import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { seededRandom } from '../../../src/core/util/random.ts';
import { seed32, uuidFromRandom } from '../emulator-ids.ts';
import {
  BodyTooLargeError,
  closeServer,
  garbageReply,
  headerFault,
  jsonReply,
  listen,
  malformedJsonReply,
  readBody,
  serveImage,
  urlHost,
  writeReply,
  type HttpReply,
} from '../emulator-http.ts';
import { EmulatorTimers } from '../emulator-timers.ts';
import { drawLatency, FaultController, type Fault, type FaultSpec, type LatencySpec } from '../faults.ts';
import { ImageStore } from '../image-store.ts';
import { renderEmulatedImage } from '../render-image.ts';
import { editImage } from './openai-edits.ts';
import { faultReply, incorrectKey, invalidRequest, missingKey, openAIError } from './openai-errors.ts';
import { EMULATED_MODELS } from './openai-models.ts';
import { validateGeneration, type GenerationParams } from './openai-validation.ts';

export interface OpenAIEmulatorOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** When set, only this key is accepted; otherwise any non-empty Bearer key. */
  readonly apiKey?: string;
  /** Per generation call; default `{kind:'fixed', ms:0}`. */
  readonly latency?: LatencySpec;
  readonly faults?: FaultSpec;
  /** Seeds every random choice (ids, image seeds, latency, faults); default 1. */
  readonly seed?: number;
}

interface OpenAIEmulatorStats {
  /** Requests to `/v1/*`. */
  requests: number;
  /** `POST /v1/images/generations` requests received (faulted or not). */
  generations: number;
  /** `POST /v1/images/edits` requests received (faulted or not). */
  edits: number;
  imagesGenerated: number;
}

export interface OpenAIEmulator {
  /** `http://HOST:PORT/v1` */
  readonly baseUrl: string;
  readonly port: number;
  readonly faults: FaultController;
  readonly stats: OpenAIEmulatorStats;
  setLatency(spec: LatencySpec): void;
  close(): Promise<void>;
}

/**
 * Starts a local OpenAI images API: `POST /v1/images/generations`,
 * `GET /v1/models`, images at `/img/<id>.<ext>`, Bearer auth and the real
 * error shape. Scripted and random faults apply to generation calls; any
 * request can also carry an `x-emulator-fault` header.
 */
export async function startOpenAIEmulator(options: OpenAIEmulatorOptions = {}): Promise<OpenAIEmulator> {
  const host = options.host ?? '127.0.0.1';
  const seed = options.seed ?? 1;
  const timers = new EmulatorTimers();
  const faults = new FaultController(seededRandom(seed ^ 0x5eed_fa17), options.faults);
  const random = seededRandom(seed);
  const latencyRandom = seededRandom(seed ^ 0x1a7e_9c11);
  const images = new ImageStore();
  const stats: OpenAIEmulatorStats = { requests: 0, generations: 0, edits: 0, imagesGenerated: 0 };
  let latency: LatencySpec = options.latency ?? { kind: 'fixed', ms: 0 };
  let origin = '';

  const generate = async (p: GenerationParams): Promise<HttpReply> => {
    const items = await Promise.all(
      Array.from({ length: p.n }, async () => {
        const id = uuidFromRandom(random);
        const bytes = await renderEmulatedImage({
          prompt: p.prompt,
          seed: seed32(random),
          width: p.width,
          height: p.height,
          format: p.format,
        });
        stats.imagesGenerated += 1;
        const image =
          p.responseFormat === 'url'
            ? { url: `${origin}${images.put(id, bytes, p.format)}` }
            : { b64_json: Buffer.from(bytes).toString('base64') };
        return p.model.revisesPrompt ? { revised_prompt: `${p.prompt}, as a bright, detailed festive illustration`, ...image } : image;
      }),
    );
    const created = Math.floor(Date.now() / 1000);
    if (p.model.id !== 'gpt-image-1') return jsonReply(200, { created, data: items });
    const inputTokens = Math.ceil(p.prompt.length / 4);
    return jsonReply(200, {
      created,
      background: 'opaque',
      data: items,
      output_format: p.format,
      quality: p.quality === 'auto' ? 'medium' : p.quality,
      size: p.size,
      usage: {
        input_tokens: inputTokens,
        output_tokens: 1056 * p.n,
        total_tokens: inputTokens + 1056 * p.n,
        input_tokens_details: { text_tokens: inputTokens, image_tokens: 0 },
      },
    });
  };

  /** Sends `success()` shaped by the fault: error, hang, drop, delay, malformed, garbage or trickle. */
  const answer = async (
    req: IncomingMessage,
    res: ServerResponse,
    fault: Fault | undefined,
    key: string,
    success: () => Promise<HttpReply>,
  ): Promise<void> => {
    if (fault?.kind === 'delay') await timers.sleep(fault.ms);
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'drop-socket') {
      req.socket.destroy();
      return;
    }
    const error = fault ? faultReply(fault, key) : undefined;
    if (error) return writeReply(res, error, timers);
    const reply = await success();
    if (fault?.kind === 'malformed-json' && reply.status === 200) return writeReply(res, malformedJsonReply(String(reply.body)), timers);
    if (fault?.kind === 'garbage-frame' && reply.status === 200) return writeReply(res, garbageReply(), timers);
    return writeReply(res, reply, timers, fault?.kind === 'trickle' ? fault : undefined);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (serveImage(images, req, res)) return;
    const path = new URL(req.url ?? '/', 'http://emulator').pathname.replace(/\/+$/, '');
    const route = `${req.method ?? 'GET'} ${path}`;
    if (!path.startsWith('/v1/')) return writeReply(res, openAIError(404, `Invalid URL (${route})`, 'invalid_request_error'), timers);
    stats.requests += 1;
    let body: Buffer;
    try {
      body = await readBody(req, 4 * 1024 * 1024);
    } catch (error) {
      return writeReply(
        res,
        openAIError(error instanceof BodyTooLargeError ? 413 : 400, 'The request body could not be read.', 'invalid_request_error'),
        timers,
      );
    }
    const override = headerFault(req);
    if (override instanceof Error) return writeReply(res, invalidRequest(override.message, null, 'invalid_emulator_fault'), timers);

    const auth = req.headers.authorization;
    const key = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : '';
    if (key.length === 0) return writeReply(res, missingKey(), timers);
    if (options.apiKey !== undefined && key !== options.apiKey) return writeReply(res, incorrectKey(key), timers);

    if (req.method === 'GET' && path === '/v1/models') {
      const data = Object.keys(EMULATED_MODELS).map((id) => ({ id, object: 'model', created: 1_698_785_189, owned_by: 'system' }));
      return answer(req, res, override, key, async () => jsonReply(200, { object: 'list', data }));
    }
    const modelMatch = /^\/v1\/models\/([\w.-]+)$/.exec(path);
    if (req.method === 'GET' && modelMatch) {
      const id = modelMatch[1] ?? '';
      return answer(req, res, override, key, async () =>
        EMULATED_MODELS[id]
          ? jsonReply(200, { id, object: 'model', created: 1_698_785_189, owned_by: 'system' })
          : openAIError(404, `The model '${id}' does not exist`, 'invalid_request_error', 'model', 'model_not_found'),
      );
    }
    if (req.method === 'POST' && path === '/v1/images/generations') {
      stats.generations += 1;
      const fault = faults.next(override);
      return answer(req, res, fault, key, async () => {
        let json: unknown;
        try {
          json = JSON.parse(body.toString('utf8'));
        } catch {
          return invalidRequest(
            "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
            null,
            null,
          );
        }
        const validated = validateGeneration(json);
        if (!validated.ok) return validated.reply;
        await timers.sleep(drawLatency(latency, latencyRandom));
        return generate(validated.params);
      });
    }
    if (req.method === 'POST' && path === '/v1/images/edits') {
      stats.edits += 1;
      const fault = faults.next(override);
      return answer(req, res, fault, key, async () => {
        await timers.sleep(drawLatency(latency, latencyRandom));
        return editImage(req, body);
      });
    }
    return writeReply(res, openAIError(404, `Invalid URL (${route})`, 'invalid_request_error'), timers);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `Emulator failure: ${String(error)}`, type: 'server_error', param: null, code: null } }));
    });
  });
  const port = await listen(server, options.port ?? 0, host);
  origin = `http://${urlHost(host)}:${port}`;
  return {
    baseUrl: `${origin}/v1`,
    port,
    faults,
    stats,
    setLatency: (spec) => {
      latency = spec;
    },
    close: async () => {
      timers.close();
      await closeServer(server);
    },
  };
}
