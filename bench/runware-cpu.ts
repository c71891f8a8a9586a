/**
 * Runware client CPU per task, without the network: our RunwareProvider (full
 * adapter), its RunwareConnectionPool alone, and the bare Map-of-promises client
 * each run the same closed loop against an in-process fake socket that answers
 * instantly with the real 128×128 WEBP frame. CPU time (process.cpuUsage), not
 * wall time, so the numbers hold on a busy machine; the fake socket's own cost is
 * the same for all three. Explains the gap between "our WS pool" and "bare
 * socket" in bench/runware.ts.
 *
 *   npm run bench -- runware-cpu [--quick] [--tasks=20000] [--profile=provider|pool|bare]
 */
import { randomUUID } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import { mkdir, writeFile } from 'node:fs/promises';
import type { RawData } from 'ws';
import { RunwareConnectionPool } from '../src/core/providers/runware/runware-connection-pool.ts';
import { RunwareProvider } from '../src/core/providers/runware/runware-provider.ts';
import { renderEmulatedImage } from '../test/emulators/render-image.ts';
import { benchArgs, numberArg } from './lib/args.ts';
import { FakeRunwareWs, FakeWebSocket } from './lib/fake-ws.ts';
import { closedLoop } from './lib/load.ts';
import { describeMachine, log, machineInfo, RESULTS_DIR, table, writeResults } from './lib/report.ts';
import { BENCH_MODEL, BENCH_REQUEST, benchPayload } from './lib/runware-payload.ts';
import { fmt, median } from './lib/stats.ts';

const { quick, values } = benchArgs();
const tasks = numberArg(values, 'tasks', quick ? 3000 : 20_000);
const rounds = numberArg(values, 'rounds', quick ? 2 : 5);
const concurrency = numberArg(values, 'conc', 50);
const profile = typeof values.profile === 'string' ? values.profile : undefined;

const machine = machineInfo();
log(`# Runware client CPU per task (no network)\n\n${describeMachine(machine)}\n`);

const image = await renderEmulatedImage({ prompt: 'bench', seed: 7, width: 128, height: 128, format: 'webp' });
FakeRunwareWs.setReply({ imageUUID: randomUUID(), imageBase64Data: Buffer.from(image).toString('base64'), seed: 7, cost: 0.0013 });

type Kind = 'provider' | 'pool' | 'bare';
const KINDS: Kind[] = ['provider', 'pool', 'bare'];

const provider = new RunwareProvider({
  getApiKey: () => 'k',
  wsUrl: 'ws://fake/v1',
  apiUrl: 'http://127.0.0.1:9/v1',
  WebSocket: FakeWebSocket,
  maxInFlightPerConnection: 1000,
  closeGraceMs: 0,
});
const pool = new RunwareConnectionPool({
  url: 'ws://fake/v1',
  getApiKey: () => 'k',
  WebSocket: FakeWebSocket,
  maxInFlightPerConnection: 1000,
  closeGraceMs: 0,
});

const bareWs = new FakeRunwareWs();
const barePending = new Map<string, (item: unknown) => void>();
bareWs.on('message', (data: RawData) => {
  const message = JSON.parse(data.toString()) as { data?: { taskUUID?: string }[] };
  for (const item of message.data ?? []) {
    const resolve = item.taskUUID === undefined ? undefined : barePending.get(item.taskUUID);
    if (resolve) {
      barePending.delete(item.taskUUID!);
      resolve(item);
    }
  }
});

const one: Record<Kind, () => Promise<unknown>> = {
  provider: () =>
    provider.generate({
      request: BENCH_REQUEST,
      model: BENCH_MODEL,
      signal: new AbortController().signal,
      deadline: Date.now() + 60_000,
      onImage: undefined,
      onStage: undefined,
      taskId: undefined,
      resume: false,
    }),
  pool: () =>
    pool.submit({
      payload: benchPayload(randomUUID()),
      completion: { kind: 'items', count: 1 },
      onItem: undefined,
      signal: new AbortController().signal,
      deadline: Date.now() + 60_000,
      resendable: true,
    }).promise,
  bare: () => {
    const taskUUID = randomUUID();
    const frame = JSON.stringify([benchPayload(taskUUID)]);
    return new Promise((resolve) => {
      barePending.set(taskUUID, resolve);
      bareWs.send(frame);
    });
  },
};

// Warm-up (also opens the fake sockets).
for (const kind of KINDS) await closedLoop(one[kind], { concurrency, maxTasks: 2000, maxMs: 10_000 });

const session = profile ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
}
const samples = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
const rates = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
const errors = new Map<Kind, number>(KINDS.map((k) => [k, 0]));
for (let round = 0; round < rounds; round++) {
  for (const kind of KINDS.map((_, i) => KINDS[(i + round) % KINDS.length]!)) {
    if (session && kind === profile) await session.post('Profiler.start');
    const result = await closedLoop(one[kind], { concurrency, maxTasks: tasks, maxMs: 60_000 });
    if (session && kind === profile) {
      const { profile: cpuProfile } = await session.post('Profiler.stop');
      await mkdir(`${RESULTS_DIR}profiles`, { recursive: true });
      await writeFile(`${RESULTS_DIR}profiles/runware-cpu-${kind}-r${round}.cpuprofile`, JSON.stringify(cpuProfile));
    }
    samples.get(kind)!.push((result.cpuMs * 1000) / Math.max(1, result.latenciesMs.length));
    rates.get(kind)!.push(result.tasksPerSec);
    errors.set(kind, errors.get(kind)! + result.errors);
  }
}
await provider.close();
await pool.close();
bareWs.close();

const cpuUs = (k: Kind): number => median(samples.get(k)!);
const rows = KINDS.map((k) => [
  k === 'provider'
    ? 'RunwareProvider.generate (full adapter)'
    : k === 'pool'
      ? 'RunwareConnectionPool.submit (pool only)'
      : 'bare Map + JSON.parse (floor)',
  fmt(cpuUs(k)),
  fmt(cpuUs(k) / cpuUs('bare')),
  fmt(median(rates.get(k)!)),
  errors.get(k)!,
]);
log(table(['client path', 'CPU µs/task (median of rounds)', '× bare', 'tasks/s (one core, fake socket)', 'errors'], rows));
log(`\n${concurrency} concurrent, ${tasks} tasks × ${rounds} rounds each; the fake socket's own work is in every row.`);
const path = await writeResults('runware-cpu', {
  machine,
  settings: { tasks, rounds, concurrency },
  rows: KINDS.map((k) => ({
    kind: k,
    cpuUsPerTask: cpuUs(k),
    cpuUsRounds: samples.get(k),
    tasksPerSec: median(rates.get(k)!),
    errors: errors.get(k),
  })),
});
log(`\nresults: ${path}`);
