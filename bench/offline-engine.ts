/**
 * Benchmark 10 — the offline engine (issue 11, item 7):
 *   - CPU time of one design at 1024² (every layout) and 4096² (scene, pattern,
 *     invitation): process CPU (user + system, all threads, so sharp's libvips
 *     workers count) from the prompt to encoded PNG, median of warm runs;
 *   - engine start: importing the offline engine and constructing it, in a new
 *     process each run; and what the first design pays once to load the art
 *     set's index, its icons and a font (that cost is NOT paid at start);
 *   - installed size of the art set, fonts, font parser and subject index.
 * Targets: 1024² under 150 ms CPU, 4096² under 1.5 s; the art set adds at most
 * 20 MB installed and 30 ms to engine start.
 *
 *   node bench/offline-engine.ts [--runs=7] [--starts=9] [--quick]
 *   npm run bench -- offline-engine
 *
 * `--compare-resvg` also renders the same SVGs with @resvg/resvg-js when it is
 * installed (`npm install --no-save @resvg/resvg-js`), to compare renderers.
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { composeDesign } from '../src/core/providers/local/compose-design.ts';
import { LAYOUT_IDS, type LayoutId } from '../src/core/contract/offline-design.ts';
import { renderDesign } from '../src/core/providers/local/render-decoration.ts';
import { benchArgs, numberArg } from './lib/args.ts';
import { describeMachine, log, machineInfo, table, verdict, writeResults } from './lib/report.ts';
import { median } from './lib/stats.ts';

const { quick, values } = benchArgs();
const runs = numberArg(values, 'runs', quick ? 2 : 7);
const starts = numberArg(values, 'starts', quick ? 2 : 9);
const compareResvg = process.argv.includes('--compare-resvg');
const root = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);

const PROMPTS: Readonly<Record<LayoutId, string>> = {
  scene: '"Happy 5th Birthday Emma" dinosaur party with balloons and bunting',
  invitation: 'dinosaur invitation "Emma turns 5" "Saturday 3 pm, 12 Oak Lane"',
  poster: 'halloween poster "Spooky Night" with pumpkins and ghosts',
  bunting: '"Happy Birthday Emma" banner with unicorns',
  sticker: 't-rex cupcake topper "Emma 5"',
  pattern: 'wrapping paper with pineapples, palm trees and hibiscus',
  'table-card': 'table card "Table 5" wedding flowers',
};

const machine = machineInfo();
log(`# offline engine (${runs} warm runs per cell, ${starts} cold starts)\n\n${describeMachine(machine)}\n`);

/** CPU milliseconds (user + system, every thread of this process) that `work` takes. */
async function cpuMs(work: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

// Warm-up: the first design loads the index, icons and fonts; measured separately below.
await renderDesign({ prompt: PROMPTS.scene, style: 'birthday', seed: 1, width: 256, height: 256, format: 'png' });

const rows: (string | number)[][] = [];
const cells: { layout: LayoutId; size: number; cpuMs: number; wallMs: number; svgKb: number }[] = [];
const sizes: readonly (readonly [number, readonly LayoutId[]])[] = [
  [1024, LAYOUT_IDS],
  [4096, ['scene', 'pattern', 'invitation']],
];
for (const [size, layouts] of sizes) {
  for (const layout of layouts) {
    const cpu: number[] = [];
    const wall: number[] = [];
    let svgBytes = 0;
    for (let run = 0; run < (size > 2048 ? Math.max(1, Math.ceil(runs / 2)) : runs); run++) {
      const started = performance.now();
      cpu.push(
        await cpuMs(async () => {
          const design = await renderDesign({
            prompt: PROMPTS[layout],
            style: layout === 'table-card' ? 'wedding' : 'birthday',
            seed: 100 + run,
            width: size,
            height: size,
            format: 'png',
          });
          svgBytes = design.svg.length;
        }),
      );
      wall.push(performance.now() - started);
    }
    const cell = { layout, size, cpuMs: median(cpu), wallMs: median(wall), svgKb: Math.round(svgBytes / 1024) };
    cells.push(cell);
    rows.push([`${size}²`, layout, Math.round(cell.cpuMs), Math.round(cell.wallMs), cell.svgKb]);
  }
}
log(table(['size', 'layout', 'CPU ms (median)', 'wall ms (median)', 'SVG KB'], rows));

/** One cold process: import + construct the engine; then, separately, the first design's one-off loads. */
function coldStart(): Promise<{ importMs: number; firstUseMs: number; artLoadedAtStart: boolean }> {
  // A module hook sees every module the import loads: the art set's index and the font parser must not be among them.
  const script = `
    const { registerHooks } = await import('node:module');
    const loaded = [];
    registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
    const t0 = performance.now();
    const { LocalProvider } = await import(${JSON.stringify(join(root, 'src/core/providers/local/local-provider.ts'))});
    new LocalProvider();
    const importMs = performance.now() - t0;
    const artLoadedAtStart = loaded.some((url) => /subject-index\\.json|opentype|fluent-emoji|fontsource/.test(url));
    const t1 = performance.now();
    const { subjectIndex } = await import(${JSON.stringify(join(root, 'src/core/providers/local/art/subject-index.ts'))});
    const { loadIcons } = await import(${JSON.stringify(join(root, 'src/core/providers/local/art/art-set.ts'))});
    const { loadFontFace } = await import(${JSON.stringify(join(root, 'src/core/providers/local/text/font-faces.ts'))});
    await subjectIndex();
    await loadIcons(['t-rex', 'sauropod', 'birthday-cake', 'balloon', 'wrapped-gift']);
    await loadFontFace('display');
    console.log(JSON.stringify({ importMs, firstUseMs: performance.now() - t1, artLoadedAtStart }));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.once('close', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}')) : reject(new Error(`cold start exited ${code}`)),
    );
  });
}
const startRuns: { importMs: number; firstUseMs: number; artLoadedAtStart: boolean }[] = [];
for (let i = 0; i < starts; i++) startRuns.push(await coldStart());
const importMs = median(startRuns.map((r) => r.importMs));
const firstUseMs = median(startRuns.map((r) => r.firstUseMs));
const artAtStart = startRuns.some((r) => r.artLoadedAtStart);
log(
  `\nengine start (import + construct, cold process): median ${Math.round(importMs)} ms; the art set is ${artAtStart ? 'LOADED' : 'not touched'} at start`,
);
log(`first design only (subject index + 5 icons + one font, paid once per process): median ${Math.round(firstUseMs)} ms`);

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await folderBytes(path) : (await stat(path)).size;
  }
  return total;
}
const packages = [
  '@iconify-json/fluent-emoji-flat/package.json',
  '@fontsource/fredoka/package.json',
  '@fontsource/dancing-script/package.json',
  'opentype.js/package.json',
];
const sizeRows: (string | number)[][] = [];
let installedBytes = 0;
for (const pkg of packages) {
  const bytes = await folderBytes(dirname(require.resolve(pkg)));
  installedBytes += bytes;
  sizeRows.push([pkg.replace('/package.json', ''), (bytes / 1e6).toFixed(2)]);
}
const indexBytes = (await stat(join(root, 'src/core/providers/local/art/subject-index.json'))).size;
installedBytes += indexBytes;
sizeRows.push(['subject-index.json', (indexBytes / 1e6).toFixed(2)], ['total', (installedBytes / 1e6).toFixed(2)]);
log(`\n${table(['installed', 'MB'], sizeRows)}`);

let resvg: { sharpMs: number; resvgMs: number } | undefined;
if (compareResvg) {
  try {
    const { Resvg } = (await import('@resvg/resvg-js' as string)) as { Resvg: new (svg: string) => { render(): { asPng(): Uint8Array } } };
    const { svg } = await composeDesign({ prompt: PROMPTS.scene, style: 'birthday', seed: 7, width: 1024, height: 1024 });
    const sharpTimes: number[] = [];
    for (let i = 0; i < runs; i++)
      sharpTimes.push(await cpuMs(() => sharp(Buffer.from(svg), { density: 72 }).removeAlpha().png({ compressionLevel: 6 }).toBuffer()));
    const sharpMs = median(sharpTimes);
    const resvgTimes: number[] = [];
    for (let i = 0; i < runs; i++) resvgTimes.push(await cpuMs(async () => new Resvg(svg).render().asPng()));
    resvg = { sharpMs, resvgMs: median(resvgTimes) };
    log(`\nrenderer, 1024² scene SVG → PNG, CPU ms median: sharp (librsvg) ${Math.round(sharpMs)}, resvg-js ${Math.round(resvg.resvgMs)}`);
  } catch (error) {
    log(`\n--compare-resvg: @resvg/resvg-js is not installed (${String(error).slice(0, 80)})`);
  }
}

const worst1024 = Math.max(...cells.filter((c) => c.size === 1024).map((c) => c.cpuMs));
const worst4096 = Math.max(...cells.filter((c) => c.size === 4096).map((c) => c.cpuMs));
const verdicts = [
  verdict('1024² design under 150 ms CPU (worst layout, median)', worst1024 < 150, `${Math.round(worst1024)} ms`),
  verdict('4096² design under 1.5 s CPU (worst layout, median)', worst4096 < 1500, `${Math.round(worst4096)} ms`),
  verdict(
    'art set adds at most 20 MB installed',
    installedBytes < 20e6,
    `${(installedBytes / 1e6).toFixed(1)} MB (art set, fonts, font parser, index)`,
  ),
  verdict(
    'art set adds at most 30 ms to engine start',
    !artAtStart,
    artAtStart
      ? 'the art set was read at start'
      : `not read at start (engine import ${Math.round(importMs)} ms); the first design pays ${Math.round(firstUseMs)} ms once`,
  ),
];
await writeResults('offline-engine', {
  machine,
  runs,
  starts,
  cells,
  start: { importMs, firstUseMs, artAtStart },
  installedBytes,
  resvg,
  verdicts,
});
