/**
 * Benchmark 9 — how long the `motif` command takes to start, cold (a new
 * process each time, as a user runs it):
 *   - `motif --help` through each way of running it: `npx motif`, the launcher
 *     on PATH (`npm link`, i.e. `bin/motif.mjs` run by its shebang) with Node's
 *     compile cache empty (first run after install or an upgrade) and warm
 *     (every run after), and the launcher with the compile cache disabled;
 *   - `motif generate` (offline engine, 256×256, one image) to exit;
 *   - `motif serve` to readiness: spawn → "listening" on stdout.
 * Runs alternate between variants so a load spike hits them alike; the table
 * shows the median and p90 of each. No network: no keys, loopback only.
 *
 *   npm run bench -- cli-startup [--runs=15] [--quick]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs, numberArg } from './lib/args.ts';
import { describeMachine, log, machineInfo, table, verdict, writeResults } from './lib/report.ts';
import { fmt, median, summarise } from './lib/stats.ts';

const { quick, values } = benchArgs();
const runs = numberArg(values, 'runs', quick ? 3 : 15);
const root = fileURLToPath(new URL('../', import.meta.url));
const launcher = join(root, 'bin/motif.mjs');
const scratch = await mkdtemp(join(tmpdir(), 'motif-bench-startup-'));

const machine = machineInfo();
log(`# motif start-up (cold processes, ${runs} runs per variant)\n\n${describeMachine(machine)}\n`);

interface Variant {
  readonly name: string;
  readonly command: string;
  readonly args: (run: number) => readonly string[];
  readonly env?: (run: number) => NodeJS.ProcessEnv;
  /** Resolve at this stdout pattern (then stop the process) instead of at exit. */
  readonly readyAt?: RegExp;
}

/** No keys, nothing pointing at the network, a data folder of the bench's own, and one compile cache shared by the warm variants. */
const baseEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  MOTIF_DATA_DIR: join(scratch, 'data'),
  NODE_COMPILE_CACHE: join(scratch, 'compile-cache'),
  npm_config_update_notifier: 'false',
};

/** Milliseconds from spawn to exit (or to `readyAt`); throws when the command fails. */
function timeOnce(variant: Variant, run: number): Promise<number> {
  const started = performance.now();
  const child = spawn(variant.command, [...variant.args(run)], {
    cwd: root,
    env: { ...baseEnv, ...variant.env?.(run) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    let readyMs: number | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (variant.readyAt && readyMs === undefined && variant.readyAt.test(stdout)) {
        readyMs = performance.now() - started;
        child.kill('SIGTERM');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (variant.readyAt) {
        if (readyMs === undefined) reject(new Error(`${variant.name}: never became ready (exit ${code})\n${stderr}`));
        else resolve(readyMs);
      } else if (code !== 0) reject(new Error(`${variant.name}: exit ${code}\n${stderr}`));
      else resolve(performance.now() - started);
    });
  });
}

const helpVariants: Variant[] = [
  { name: 'npx motif --help', command: 'npx', args: () => ['--no-install', 'motif', '--help'] },
  {
    name: 'motif --help (on PATH, compile cache disabled)',
    command: launcher,
    args: () => ['--help'],
    env: () => ({ NODE_DISABLE_COMPILE_CACHE: '1' }),
  },
  {
    name: 'motif --help (on PATH, compile cache empty)',
    command: launcher,
    args: () => ['--help'],
    env: (run) => ({ NODE_COMPILE_CACHE: join(scratch, `empty-cache-${run}`) }),
  },
  { name: 'motif --help (on PATH, compile cache warm)', command: launcher, args: () => ['--help'] },
];
const workVariants: Variant[] = [
  {
    name: 'motif generate (offline, 256×256) to exit',
    command: launcher,
    args: (run) => [
      'generate',
      'gold balloons',
      '--size',
      '256x256',
      '--seed',
      String(run + 1),
      '--no-cache',
      '-q',
      '-o',
      join(scratch, 'out'),
    ],
  },
  { name: 'motif serve to listening', command: launcher, args: () => ['serve', '--port', '0', '--quiet'], readyAt: /listening on http/ },
];
const variants = [...helpVariants, ...workVariants];

// One untimed run of each fills the shared compile cache and the data folder, as a user's second run would find them.
for (const variant of variants) await timeOnce(variant, -1);

const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]));
for (let run = 0; run < runs; run += 1) {
  for (const variant of variants) samples.get(variant.name)!.push(await timeOnce(variant, run));
}
await rm(scratch, { recursive: true, force: true });

const rows = variants.map((v) => {
  const s = summarise(samples.get(v.name)!);
  return [v.name, fmt(s.p50), fmt(s.p90), fmt(s.max)];
});
log(table(['command', 'p50 ms', 'p90 ms', 'max ms'], rows));

const p50 = (name: string): number => median(samples.get(name)!);
const npx = p50(helpVariants[0]!.name);
const warm = p50(helpVariants[3]!.name);
const disabled = p50(helpVariants[1]!.name);
log('');
const verdicts = [
  verdict('motif on PATH (warm) vs npx motif, --help', warm < npx, `${fmt(warm)} vs ${fmt(npx)} ms (×${(npx / warm).toFixed(2)} faster)`),
  verdict(
    'compile cache warm vs disabled, --help',
    warm < disabled,
    `${fmt(warm)} vs ${fmt(disabled)} ms (×${(disabled / warm).toFixed(2)} faster)`,
  ),
];
await writeResults('cli-startup', { machine, runs, samples: Object.fromEntries(samples), verdicts });
