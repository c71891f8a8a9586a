/**
 * Benchmark 12 — image-tool overhead: an upload + upscale ×2 round trip on the
 * Runware emulator (latency 0), through Motif's RunwareProvider (`runTask`:
 * upload once, reuse the image id, then the tool, over the pooled socket)
 * against a bare socket that sends the same two frames and waits for each.
 * Each round uses a fresh image (so Motif's upload cache cannot skip the
 * upload); a third column shows the same tool on an image already uploaded.
 * Clients alternate within a round, so machine load hits both alike.
 *
 *   npm run bench -- tools [--quick] [--rounds=40] [--side=256]
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { WebSocket, type RawData } from 'ws';
import { createHash } from 'node:crypto';
import type { ProviderTask } from '../src/core/contract/image-task.ts';
import { RunwareProvider } from '../src/core/providers/runware/runware-provider.ts';
import { startRunwareEmulator } from '../test/emulators/runware/index.ts';
import { benchArgs, numberArg } from './lib/args.ts';
import { describeMachine, log, machineInfo, table, writeResults } from './lib/report.ts';
import { fmt, median, summarise } from './lib/stats.ts';

const { quick, values } = benchArgs();
const rounds = numberArg(values, 'rounds', quick ? 8 : 40);
const side = numberArg(values, 'side', 256);
const API_KEY = 'bench-key';

/** The floor: one socket, the two frames, a Map from taskUUID to its waiter. */
class BareSocket {
  readonly #ws: WebSocket;
  readonly #pending = new Map<string, (item: Record<string, unknown>) => void>();

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data: RawData) => {
      const message = JSON.parse(data.toString()) as { data?: Record<string, unknown>[] };
      for (const item of message.data ?? []) {
        const waiter = this.#pending.get(String(item.taskUUID));
        if (!waiter) continue;
        this.#pending.delete(String(item.taskUUID));
        waiter(item);
      }
    });
  }

  static async connect(url: string): Promise<BareSocket> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve());
      ws.send(JSON.stringify([{ taskType: 'authentication', apiKey: API_KEY }]));
    });
    return new BareSocket(ws);
  }

  send(task: Record<string, unknown>): Promise<Record<string, unknown>> {
    const taskUUID = randomUUID();
    return new Promise((resolve) => {
      this.#pending.set(taskUUID, resolve);
      this.#ws.send(JSON.stringify([{ ...task, taskUUID }]));
    });
  }

  async uploadAndUpscale(png: Buffer): Promise<void> {
    const uploaded = await this.send({ taskType: 'imageUpload', image: `data:image/png;base64,${png.toString('base64')}` });
    const result = await this.send({
      taskType: 'upscale',
      inputImage: uploaded.imageUUID,
      model: 'runware:500@1',
      upscaleFactor: 2,
      outputType: 'base64Data',
      outputFormat: 'PNG',
      includeCost: true,
    });
    // Decoded like Motif decodes it, so both sides pay for the bytes.
    Buffer.from(String(result.imageBase64Data), 'base64');
  }

  close(): void {
    this.#ws.close();
  }
}

const picture = (i: number): Promise<Buffer> =>
  sharp({ create: { width: side, height: side, channels: 3, background: { r: i % 256, g: (i * 7) % 256, b: 90 } } })
    .png()
    .toBuffer();

const task = (png: Buffer): ProviderTask => ({
  kind: 'upscale',
  factor: 2,
  source: {
    entryId: 'bench',
    bytes: new Uint8Array(png),
    format: 'png',
    width: side,
    height: side,
    hash: createHash('sha256').update(png).digest('hex'),
    svg: undefined,
    madeBy: { provider: 'import', model: 'file', kind: undefined },
    prompt: 'bench',
    style: 'party',
    seed: undefined,
  },
});

const machine = machineInfo();
log(`# Image-tool overhead (upload + upscale ×2, ${side}×${side} PNG)\n\n${describeMachine(machine)}\n`);
const emulator = await startRunwareEmulator({ apiKey: API_KEY, seed: 1 });
const provider = new RunwareProvider({ getApiKey: () => API_KEY, wsUrl: emulator.wsUrl, apiUrl: emulator.restUrl, poolSize: 1 });
const bare = await BareSocket.connect(emulator.wsUrl);
const times = { motif: [] as number[], bare: [] as number[], motifWarm: [] as number[] };
try {
  const run = (png: Buffer) =>
    provider.runTask({
      task: task(png),
      model: 'runware:500@1',
      signal: new AbortController().signal,
      deadline: Date.now() + 60_000,
      onImage: undefined,
      onStage: undefined,
      taskId: undefined,
    });
  // Warm both paths (socket, sharp, JIT) before measuring.
  for (let i = 0; i < 3; i += 1) {
    await run(await picture(1000 + i));
    await bare.uploadAndUpscale(await picture(2000 + i));
  }
  for (let i = 0; i < rounds; i += 1) {
    const [a, b] = [await picture(2 * i), await picture(2 * i + 1)];
    const order = i % 2 === 0 ? (['motif', 'bare'] as const) : (['bare', 'motif'] as const);
    for (const who of order) {
      const started = performance.now();
      if (who === 'motif') await run(a);
      else await bare.uploadAndUpscale(b);
      times[who].push(performance.now() - started);
    }
    const started = performance.now();
    await run(a);
    times.motifWarm.push(performance.now() - started);
  }
} finally {
  bare.close();
  await provider.close();
  await emulator.close();
}

const rows = (
  [
    ['bare socket: imageUpload + upscale', times.bare],
    ['Motif runTask: upload + upscale', times.motif],
    ['Motif runTask: upscale, upload reused', times.motifWarm],
  ] as const
).map(([label, list]) => {
  const s = summarise(list);
  return [label, String(list.length), fmt(s.p50), fmt(s.p90), fmt(s.mean)];
});
log(table(['path', 'runs', 'p50 ms', 'p90 ms', 'mean ms'], rows));
const overheadMs = median(times.motif) - median(times.bare);
log(`\nMotif's overhead over the bare socket (median): ${fmt(overheadMs)} ms per upload + upscale round trip.`);
await writeResults('tools', {
  machine,
  side,
  rounds,
  medianMs: { bare: median(times.bare), motif: median(times.motif), motifWarm: median(times.motifWarm) },
  overheadMs,
});
