/**
 * Benchmark 1 — Runware throughput and latency.
 *
 * 1, 10, 50 and 200 concurrent imageInference tasks at emulator delays of 0 and
 * 200 ms, through (a) our RunwareProvider over its WebSocket pool, (b) our REST
 * transport, (c) the official @runware/sdk-js (one shared instance) and (d) a bare
 * multiplexed socket (the floor). The emulator runs in its own process and each
 * client in its own process, so every client's CPU ms/task and RSS are its own.
 * Cells are interleaved round-robin (rotating the client order), `--rounds` times;
 * tasks/s is the median over rounds, latency percentiles pool all rounds.
 *
 *   npm run bench -- runware [--quick] [--rounds=3] [--cell-ms=3000] [--profile=pool]
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { benchArgs, numberArg } from './lib/args.ts';
import { ChildLink, EmulatorProcess } from './lib/emulator-process.ts';
import type { LoadOptions } from './lib/load.ts';
import { describeMachine, log, machineInfo, RESULTS_DIR, table, verdict, writeResults } from './lib/report.ts';
import { CLIENT_KINDS, type ClientCommand, type ClientKind, type ClientRunResult } from './lib/runware-client-types.ts';
import { fmt, median, ratio, summarise } from './lib/stats.ts';

const { quick, values } = benchArgs();
const rounds = numberArg(values, 'rounds', quick ? 1 : 3);
const cellMs = numberArg(values, 'cell-ms', quick ? 600 : 3000);
const maxTasks = numberArg(values, 'cell-tasks', quick ? 300 : 30_000);
const delays = quick ? [0, 200] : [0, 200];
const concurrencies = typeof values.conc === 'string' ? values.conc.split(',').map(Number) : [1, 10, 50, 200];
const kinds = (typeof values.clients === 'string' ? values.clients.split(',') : CLIENT_KINDS) as ClientKind[];
const profile = typeof values.profile === 'string' ? values.profile : undefined;
const API_KEY = 'bench-key';

const LABEL: Record<ClientKind, string> = { pool: 'our WS pool', rest: 'our REST', sdk: 'official SDK', bare: 'bare socket' };

interface Cell {
  delayMs: number;
  concurrency: number;
  client: ClientKind;
  rounds: ClientRunResult[];
  emulatorCpuMs: number;
  emulatorWallMs: number;
}

const machineBefore = machineInfo();
log(`# Runware throughput and latency\n\n${describeMachine(machineBefore)}\n`);

const emulator = await EmulatorProcess.start('runware', { latency: { kind: 'fixed', ms: 0 } });
const { wsUrl, restUrl } = emulator.urls as { wsUrl: string; restUrl: string };
const clients = new Map<ClientKind, ChildLink<ClientCommand>>();
const profileDir = `${RESULTS_DIR}profiles`;
if (profile) await mkdir(profileDir, { recursive: true });
const cells: Cell[] = [];

try {
  for (const kind of kinds) {
    const execArgv =
      profile === kind ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=runware-${kind}-${Date.now()}.cpuprofile`] : [];
    const link = new ChildLink<ClientCommand>(fileURLToPath(new URL('./lib/runware-client.ts', import.meta.url)), [kind], execArgv);
    clients.set(kind, link);
    await link.call({ cmd: 'init', kind, wsUrl, restUrl, apiKey: API_KEY }, 120_000);
    // Warm the JIT and the connections before anything is measured.
    await link.call({ cmd: 'run', load: { concurrency: 10, maxTasks: quick ? 50 : 300, maxMs: 2_000, hardMs: 30_000 } });
  }

  for (const delayMs of delays) {
    await emulator.setLatency({ kind: 'fixed', ms: delayMs });
    for (const concurrency of concurrencies) {
      const load: LoadOptions = { concurrency, maxTasks, maxMs: cellMs, minTasks: Math.max(20, concurrency * 2), hardMs: cellMs * 10 };
      const byClient = new Map<ClientKind, Cell>();
      for (let round = 0; round < rounds; round++) {
        const order = kinds.map((_, i) => kinds[(i + round) % kinds.length]!);
        for (const kind of order) {
          const before = await emulator.stats();
          const result = await clients.get(kind)!.call<ClientRunResult>({ cmd: 'run', load });
          const after = await emulator.stats();
          let cell = byClient.get(kind);
          if (!cell) {
            cell = { delayMs, concurrency, client: kind, rounds: [], emulatorCpuMs: 0, emulatorWallMs: 0 };
            byClient.set(kind, cell);
          }
          cell.rounds.push(result);
          cell.emulatorCpuMs += after.cpuMs - before.cpuMs;
          cell.emulatorWallMs += result.elapsedMs;
          process.stderr.write(
            `  delay ${delayMs} ms, c=${concurrency}, ${kind}: ${fmt(result.tasksPerSec)} tasks/s, ${result.errors} errors${result.errorSamples.length ? ` (${result.errorSamples[0]})` : ''}\n`,
          );
        }
      }
      cells.push(...kinds.map((k) => byClient.get(k)!));
    }
  }
} finally {
  for (const link of clients.values()) {
    await link.call({ cmd: 'close' }, 15_000).catch(() => undefined);
    await link.waitExit();
  }
  await emulator.close();
}

interface Row {
  delayMs: number;
  concurrency: number;
  client: ClientKind;
  tasks: number;
  errors: number;
  tasksPerSec: number;
  tasksPerSecRounds: number[];
  p50: number;
  p99: number;
  cpuMsPerTask: number;
  rssMb: number;
  emulatorCpuShare: number;
  errorSamples: string[];
}

const rows: Row[] = cells.map((cell) => {
  const latencies = cell.rounds.flatMap((r) => r.latenciesMs);
  const s = summarise(latencies);
  const tasks = cell.rounds.reduce((a, r) => a + r.tasks, 0);
  const ok = latencies.length;
  return {
    delayMs: cell.delayMs,
    concurrency: cell.concurrency,
    client: cell.client,
    tasks,
    errors: cell.rounds.reduce((a, r) => a + r.errors, 0),
    tasksPerSec: median(cell.rounds.map((r) => r.tasksPerSec)),
    tasksPerSecRounds: cell.rounds.map((r) => Math.round(r.tasksPerSec * 10) / 10),
    p50: s.p50,
    p99: s.p99,
    cpuMsPerTask: cell.rounds.reduce((a, r) => a + r.cpuMs, 0) / Math.max(1, ok),
    rssMb: Math.max(...cell.rounds.map((r) => r.rssMb)),
    emulatorCpuShare: cell.emulatorCpuMs / Math.max(1, cell.emulatorWallMs),
    errorSamples: [...new Set(cell.rounds.flatMap((r) => r.errorSamples))].slice(0, 3),
  };
});

const find = (delayMs: number, concurrency: number, client: ClientKind): Row | undefined =>
  rows.find((r) => r.delayMs === delayMs && r.concurrency === concurrency && r.client === client);

log(
  table(
    ['delay ms', 'conc', 'client', 'tasks/s', 'p50 ms', 'p99 ms', 'CPU ms/task', 'RSS MB', 'emulator CPU', 'tasks', 'errors'],
    rows.map((r) => [
      r.delayMs,
      r.concurrency,
      LABEL[r.client],
      fmt(r.tasksPerSec),
      fmt(r.p50),
      fmt(r.p99),
      fmt(r.cpuMsPerTask),
      fmt(r.rssMb),
      `${Math.round(r.emulatorCpuShare * 100)}%`,
      r.tasks,
      r.errors,
    ]),
  ),
);
log('\nRatios of tasks/s, same run:\n');
const ratioRows = delays.flatMap((d) =>
  concurrencies.map((c) => {
    const pool = find(d, c, 'pool');
    const get = (k: ClientKind): number => find(d, c, k)?.tasksPerSec ?? Number.NaN;
    return [
      d,
      c,
      fmt(ratio(pool?.tasksPerSec ?? Number.NaN, get('sdk'))),
      fmt(ratio(pool?.tasksPerSec ?? Number.NaN, get('bare'))),
      fmt(ratio(get('rest'), get('sdk'))),
      fmt(ratio(get('rest'), get('bare'))),
    ];
  }),
);
log(table(['delay ms', 'conc', 'pool / SDK', 'pool / bare', 'REST / SDK', 'REST / bare'], ratioRows));
log('');

const verdicts = [];
const p50Target = find(0, 50, 'pool');
if (p50Target && find(0, 50, 'sdk') && find(0, 50, 'bare')) {
  const vsSdk = ratio(p50Target.tasksPerSec, find(0, 50, 'sdk')!.tasksPerSec);
  const vsBare = ratio(p50Target.tasksPerSec, find(0, 50, 'bare')!.tasksPerSec);
  verdicts.push(verdict('0 ms, 50 concurrent: pool ≥ 5× official SDK', vsSdk >= 5, `${fmt(vsSdk)}×`));
  verdicts.push(verdict('0 ms, 50 concurrent: pool ≥ 0.7× bare socket', vsBare >= 0.7, `${fmt(vsBare)}×`));
}
for (const c of concurrencies) {
  const row = find(200, c, 'pool');
  if (row)
    verdicts.push(
      verdict(
        `200 ms, ${c} concurrent: pool p50 ≤ 205 ms`,
        row.p50 <= 205 && row.errors === 0,
        `p50 ${fmt(row.p50)} ms, p99 ${fmt(row.p99)} ms, errors ${row.errors}`,
      ),
    );
}

const path = await writeResults('runware', {
  machine: { before: machineBefore, after: machineInfo() },
  settings: {
    rounds,
    cellMs,
    maxTasks,
    delays,
    concurrencies,
    image: '128×128 WEBP, base64Data, fixed prompt and seed (emulator serves it from its render cache)',
  },
  rows,
  verdicts,
});
log(`\nresults: ${path}`);
