/**
 * Runs the benchmarks: all of them in order, or those named.
 *   npm run bench                      # all
 *   npm run bench -- runware tail      # just these
 *   npm run bench -- router --quick    # flags after the names go to every bench run
 * Each bench runs in its own Node process (with --expose-gc), prints its table
 * and writes bench/results/<name>.json; this runner then prints every PASS/MISS
 * line and writes bench/results/summary.json. Not part of `npm test`.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describeMachine, log, machineInfo, RESULTS_DIR, writeResults } from './lib/report.ts';

export const BENCHES = [
  'runware',
  'runware-cpu',
  'router',
  'failover',
  'tail',
  'caches',
  'library',
  'soak',
  'cli-startup',
  'offline-engine',
  'print',
  'tools',
  'catalogue',
  'gallery-scroll',
] as const;

const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
const unknown = names.filter((n) => !(BENCHES as readonly string[]).includes(n));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench: ${unknown.join(', ')}. Choose from: ${BENCHES.join(', ')}\n`);
  process.exit(2);
}
const selected = names.length > 0 ? names : [...BENCHES];

function runOne(name: string): Promise<{ code: number | null; ms: number }> {
  const started = performance.now();
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', script, ...flags], { stdio: 'inherit' });
    child.on('exit', (code) => resolve({ code, ms: performance.now() - started }));
  });
}

const machine = machineInfo();
log(`Motif benchmarks: ${selected.join(', ')}${flags.length ? ` (${flags.join(' ')})` : ''}\n${describeMachine(machine)}\n`);
const outcomes: {
  name: string;
  code: number | null;
  seconds: number;
  load: { before: number[]; after: number[] };
  verdicts: { label: string; ok: boolean; detail: string }[];
}[] = [];
const load = (): number[] => loadavg().map((l) => Math.round(l * 100) / 100);
for (const name of selected) {
  log(`\n===== ${name} =====\n`);
  const before = load();
  const { code, ms } = await runOne(name);
  const after = load();
  let verdicts: { label: string; ok: boolean; detail: string }[] = [];
  try {
    verdicts = (JSON.parse(await readFile(`${RESULTS_DIR}${name}.json`, 'utf8')) as { verdicts?: typeof verdicts }).verdicts ?? [];
  } catch {
    // The bench failed before writing results.
  }
  outcomes.push({ name, code, seconds: Math.round(ms / 100) / 10, load: { before, after }, verdicts });
}

log('\n===== summary =====\n');
for (const o of outcomes) {
  log(
    `${o.name}: ${o.code === 0 ? 'ran' : `FAILED (exit ${o.code})`} in ${o.seconds} s (load ${o.load.before.join(' / ')} → ${o.load.after.join(' / ')})`,
  );
  for (const v of o.verdicts) log(`  ${v.ok ? 'PASS' : 'MISS'}  ${v.label}: ${v.detail}`);
}
await writeResults('summary', { machine: { before: machine, after: machineInfo() }, flags, outcomes });
process.exitCode = outcomes.some((o) => o.code !== 0) ? 1 : 0;
