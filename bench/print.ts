/**
 * Benchmark 10 — the print studio (issue 12, item 7):
 *   - a 5×7 in card PDF with crop marks from a design that holds 300 ppi with
 *     its bleed (1575 × 2175 px): target under 1 s;
 *   - an A3 poster PDF at 300 ppi (3579 × 5032 px design): target under 5 s,
 *     with progress reported along the way (the time to the first progress
 *     event is measured), and its peak memory (maxRSS of a fresh process that
 *     does only that export): target under 800 MB;
 *   - a 20-page bunting PDF (40 pennants, two per A4 page, letters typeset as
 *     vector outlines): target under 10 s.
 * Also (no target): preparing a pattern's seam repair for a provider's image
 * (decode, offset by half, the cross mask, two PNGs), what the Print view's
 * first pattern preflight of that image pays before it can price the repair.
 * Designs are seeded noise (the hardest case for compression), made in
 * memory; times include decoding the design. No network.
 *
 *   npm run bench -- print [--runs=5] [--quick]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { buntingOptionsSchema } from '../src/core/contract/print-request.ts';
import { buildBunting, buildPrintPdf, loadPrintArt, type PrintProgress } from '../src/core/print/index.ts';
import { prepareSeamRepair } from '../src/core/print/seam-repair.ts';
import { seededRandom } from '../src/core/util/random.ts';
import { benchArgs, numberArg } from './lib/args.ts';
import { describeMachine, log, machineInfo, table, verdict, writeResults } from './lib/report.ts';
import { fmt, summarise } from './lib/stats.ts';

/** A design of `width × height` px: seeded colour noise over a gradient, PNG-encoded. */
async function design(width: number, height: number, seed: number): Promise<Buffer> {
  const random = seededRandom(seed);
  const data = Buffer.allocUnsafe(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = ((x * 255) / width + random() * 60) & 255;
      data[i + 1] = ((y * 255) / height + random() * 60) & 255;
      data[i + 2] = (128 + random() * 90) & 255;
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 3 })
    .toBuffer();
}

const A3_PX = { width: 3579, height: 5032 };

async function posterOnce(bytes: Buffer): Promise<{ ms: number; firstProgressMs: number; progressEvents: number; pdfBytes: number }> {
  const started = performance.now();
  let firstProgressMs = Number.NaN;
  let progressEvents = 0;
  const onProgress = (_progress: PrintProgress): void => {
    progressEvents += 1;
    if (Number.isNaN(firstProgressMs)) firstProgressMs = performance.now() - started;
  };
  const art = await loadPrintArt(bytes, 'poster');
  const pdf = await buildPrintPdf([art], { size: { preset: 'a3' }, marks: true }, { onProgress });
  return { ms: performance.now() - started, firstProgressMs, progressEvents, pdfBytes: pdf.byteLength };
}

// A fresh process that only makes the A3 poster: its maxRSS is the export's peak memory.
if (process.argv.includes('--child-a3')) {
  const bytes = await design(A3_PX.width, A3_PX.height, 3);
  const baseline = process.resourceUsage().maxRSS;
  const result = await posterOnce(bytes);
  process.stdout.write(
    `${JSON.stringify({ ...result, baselineRssMb: baseline / 1024, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
  process.exit(0);
}

const { quick, values } = benchArgs();
const runs = numberArg(values, 'runs', quick ? 2 : 5);
const machine = machineInfo();
log(`# print studio (${runs} runs each)\n\n${describeMachine(machine)}\n`);

const cardBytes = await design(1575, 2175, 1);
const posterBytes = await design(A3_PX.width, A3_PX.height, 2);
const buntingArt = await loadPrintArt(await design(1024, 1024, 4), 'bunting');
const phrase = 'HAPPY BIRTHDAY DEAR FRIENDS LET US PARTY'; // 40 pennants: 20 pages of two
const seamSources = { 1024: new Uint8Array(await design(1024, 1024, 5)), 2048: new Uint8Array(await design(2048, 2048, 6)) };
const seamMs: Record<keyof typeof seamSources, number[]> = { 1024: [], 2048: [] };

const cardMs: number[] = [];
const posterMs: number[] = [];
const posterFirst: number[] = [];
const buntingMs: number[] = [];
let posterEvents = 0;
let buntingPages = 0;
for (let run = 0; run < runs; run++) {
  let started = performance.now();
  await buildPrintPdf([await loadPrintArt(cardBytes, 'card')], { size: { preset: '5x7' }, marks: true });
  cardMs.push(performance.now() - started);

  const poster = await posterOnce(posterBytes);
  posterMs.push(poster.ms);
  posterFirst.push(poster.firstProgressMs);
  posterEvents = poster.progressEvents;

  started = performance.now();
  const bunting = await buildBunting(phrase, buntingArt, buntingOptionsSchema.parse({ shape: 'swallowtail' }));
  buntingMs.push(performance.now() - started);
  buntingPages = bunting.pages;

  for (const side of [1024, 2048] as const) {
    started = performance.now();
    await prepareSeamRepair(seamSources[side], 0.125);
    seamMs[side].push(performance.now() - started);
  }
}

const memory = await new Promise<{ ms: number; peakRssMb: number; baselineRssMb: number }>((resolve, reject) => {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child-a3'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.on('exit', (code) =>
    code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`A3 child exited ${code}`)),
  );
});

const card = summarise(cardMs);
const poster = summarise(posterMs);
const bunting = summarise(buntingMs);
log(
  table(
    ['export', 'median ms', 'p90 ms', 'max ms'],
    [
      ['5×7 in card PDF, marks (1575×2175 px design)', fmt(card.p50, 0), fmt(card.p90, 0), fmt(card.max, 0)],
      ['A3 poster PDF, marks (3579×5032 px design)', fmt(poster.p50, 0), fmt(poster.p90, 0), fmt(poster.max, 0)],
      [`bunting PDF, ${phrase.length} pennants, ${buntingPages} pages`, fmt(bunting.p50, 0), fmt(bunting.p90, 0), fmt(bunting.max, 0)],
      ...([1024, 2048] as const).map((side) => {
        const seam = summarise(seamMs[side]);
        return [`seam repair inputs, ${side}×${side} px image`, fmt(seam.p50, 0), fmt(seam.p90, 0), fmt(seam.max, 0)];
      }),
    ],
  ),
);
log(`\nA3 poster: first progress event after ${fmt(Math.max(...posterFirst), 1)} ms (worst run), ${posterEvents} events per export.`);
log(
  `A3 poster in a fresh process: ${fmt(memory.ms, 0)} ms, peak RSS ${fmt(memory.peakRssMb, 0)} MB (the process held ${fmt(memory.baselineRssMb, 0)} MB with the design in memory before the export).\n`,
);

const verdicts = [
  verdict('5×7 card PDF at 300 ppi < 1 s (median)', card.p50 < 1000, `${fmt(card.p50, 0)} ms`),
  verdict('A3 poster PDF at 300 ppi < 5 s (median)', poster.p50 < 5000, `${fmt(poster.p50, 0)} ms`),
  verdict(
    'A3 export reports progress within its first second',
    Math.max(...posterFirst) < 1000 && posterEvents >= 3,
    `first event ≤ ${fmt(Math.max(...posterFirst), 1)} ms, ${posterEvents} events`,
  ),
  verdict(
    '20-page bunting PDF < 10 s (median)',
    buntingPages === 20 && bunting.p50 < 10_000,
    `${buntingPages} pages in ${fmt(bunting.p50, 0)} ms`,
  ),
  verdict('A3 export peak memory < 800 MB', memory.peakRssMb < 800, `${fmt(memory.peakRssMb, 0)} MB peak RSS`),
];
await writeResults('print', {
  machine,
  runs,
  cardMs,
  posterMs,
  posterFirstProgressMs: posterFirst,
  buntingMs,
  buntingPages,
  seamRepairInputsMs: seamMs,
  memory,
  verdicts,
});
