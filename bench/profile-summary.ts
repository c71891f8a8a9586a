/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`, or a bench's `--profile=`
 * flag): top functions by self time and top files by total self time.
 *   node bench/profile-summary.ts bench/results/profiles/<file>.cpuprofile [top=25]
 * Not a benchmark: bench/run.ts skips it.
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/profile-summary.ts <file.cpuprofile> [top]\n');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]!;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const totalUs = profile.endTime - profile.startTime;
const short = (url: string): string => url.replace(/^file:\/\/\/work\/main\//, '').replace(/^node:/, 'node:') || '(native)';
const fnSelf = new Map<string, number>();
const fileSelf = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'}  ${short(url)}:${lineNumber + 1}`;
  fnSelf.set(key, (fnSelf.get(key) ?? 0) + us);
  const group = url.includes('node_modules/')
    ? `node_modules/${url
        .split('node_modules/')[1]!
        .split('/')
        .slice(0, url.includes('node_modules/@') ? 2 : 1)
        .join('/')}`
    : short(url);
  fileSelf.set(group, (fileSelf.get(group) ?? 0) + us);
}
const pct = (us: number): string => `${((us / totalUs) * 100).toFixed(1).padStart(5)}%`;
process.stdout.write(`profile ${file}: ${(totalUs / 1000).toFixed(0)} ms wall\n\nTop functions by self time:\n`);
for (const [key, us] of [...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, top))
  process.stdout.write(`${pct(us)}  ${(us / 1000).toFixed(1).padStart(8)} ms  ${key}\n`);
process.stdout.write('\nBy file / package (self time):\n');
for (const [key, us] of [...fileSelf].sort((a, b) => b[1] - a[1]).slice(0, top))
  process.stdout.write(`${pct(us)}  ${(us / 1000).toFixed(1).padStart(8)} ms  ${key}\n`);
