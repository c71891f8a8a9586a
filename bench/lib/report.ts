import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Where each benchmark writes its JSON (gitignored). */
export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

export interface MachineInfo {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly memTotalGb: number;
  readonly memFreeGb: number;
  readonly node: string;
  readonly platform: string;
  readonly loadavg: readonly number[];
  readonly at: string;
}

export function machineInfo(): MachineInfo {
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
  } catch {
    // nproc missing: the cpus() count will do.
  }
  return {
    nproc,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memTotalGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    memFreeGb: Math.round((freemem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
    at: new Date().toISOString(),
  };
}

export function describeMachine(m: MachineInfo): string {
  return `${m.nproc} × ${m.cpuModel}, ${m.memTotalGb} GB, Node ${m.node}, load ${m.loadavg.join(' / ')} at ${m.at}`;
}

/** A markdown table. */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/** Writes `bench/results/<name>.json` with the machine description and the numbers. */
export async function writeResults(name: string, payload: Record<string, unknown>): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const path = `${RESULTS_DIR}${name}.json`;
  await writeFile(path, `${JSON.stringify({ bench: name, ...payload }, null, 2)}\n`);
  return path;
}

export function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** One PASS/MISS line for a target. */
export function verdict(label: string, ok: boolean, detail: string): { label: string; ok: boolean; detail: string } {
  log(`${ok ? 'PASS' : 'MISS'}  ${label}: ${detail}`);
  return { label, ok, detail };
}
