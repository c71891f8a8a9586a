/**
 * What laying out the gallery's justified rows costs when a page of designs
 * lands in a 100,000-item library (§14): the rows after the page are laid out
 * again (`computeJustifiedLayout` with `resume`), against a layout from
 * scratch. Pages land at seeded random places, as after jumps in the gallery.
 *   node --expose-gc bench/gallery-layout.ts [--count=100000] [--pages=60]
 * Not part of `npm run bench`: it measures one function, for §14's jump figures.
 */
import { computeJustifiedLayout, type ItemShape } from '../src/renderer/lib/justified-layout.ts';
import { benchArgs, numberArg } from './lib/args.ts';
import { describeMachine, log, machineInfo, table, writeResults } from './lib/report.ts';
import { fmt, summarise } from './lib/stats.ts';

const { values } = benchArgs();
const count = numberArg(values, 'count', 100_000);
const landings = numberArg(values, 'pages', 60);
const PAGE = 60;

let seed = 42;
const random = (): number => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
// A design a minute, grouped by day as the gallery shows them by default; shapes from banners to posters.
const shapeOf = (index: number): ItemShape => ({ aspect: [1, 0.75, 3, 1.6, 1.333][index % 5]!, group: `day-${Math.floor(index / 1440)}` });
const known = new Map<number, ItemShape>();
const land = (page: number): void => {
  for (let index = page * PAGE; index < Math.min(count, (page + 1) * PAGE); index += 1) known.set(index, shapeOf(index));
};
const input = {
  count,
  shapeAt: (index: number) => known.get(index),
  fallbackAspect: 1,
  containerWidth: 1160,
  targetRowHeight: 200,
  gap: 8,
  captionHeight: 44,
  headerHeight: 36,
};

const machine = machineInfo();
log(`# Gallery layout when a page lands (${count.toLocaleString('en')} items)\n\n${describeMachine(machine)}\n`);
land(0);
let layout = computeJustifiedLayout(input);
// Warm up the JIT on the same work.
for (let i = 0; i < 10; i += 1) layout = computeJustifiedLayout(input, { previous: layout, fromIndex: 0 });
const resumed: number[] = [];
const fromScratch: number[] = [];
const tailItems: number[] = [];
for (let i = 0; i < landings; i += 1) {
  const page = Math.floor(random() * Math.floor(count / PAGE));
  land(page);
  globalThis.gc?.();
  const started = performance.now();
  layout = computeJustifiedLayout(input, { previous: layout, fromIndex: page * PAGE });
  resumed.push(performance.now() - started);
  tailItems.push(count - page * PAGE);
  const again = performance.now();
  computeJustifiedLayout(input);
  fromScratch.push(performance.now() - again);
}
const r = summarise(resumed);
const f = summarise(fromScratch);
const perItemNs = (resumed.reduce((a, b) => a + b, 0) * 1e6) / tailItems.reduce((a, b) => a + b, 0);
log(
  table(
    ['layout after a page lands', 'runs', 'p50 ms', 'p90 ms', 'max ms'],
    [
      ['resumed from the page (what the gallery does)', r.n, fmt(r.p50), fmt(r.p90), fmt(r.max)],
      ['from scratch', f.n, fmt(f.p50), fmt(f.p90), fmt(f.max)],
    ],
  ),
);
log(`\nresumed: ${fmt(perItemNs)} ns per item laid out again (the items after the page)`);
log(`results: ${await writeResults('gallery-layout', { machine, count, landings, resumed: r, fromScratch: f, perItemNs })}`);
