/**
 * Renders the offline engine's contact sheet into docs/examples: 12 themed
 * prompts (rows) × the 7 product layouts (columns), each tile a 256×256 PNG
 * (the first row's also kept as PNG + SVG in `designs/`), as `contact-sheet.jpg`, and a `README.md`
 * listing what each row asked for and what the engine reported drawing.
 * Run: node scripts/render-examples.ts
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { StyleId } from '../src/core/contract/styles.ts';
import { LAYOUT_IDS, type LayoutId } from '../src/core/contract/offline-design.ts';
import { renderDesign } from '../src/core/providers/local/render-decoration.ts';

const TILE = 256;
const GAP = 8;
const LABEL = 28;
const SEED = 7;

/** A theme: the subject words, the headline and the style. */
const THEMES: readonly (readonly [string, string, StyleId])[] = [
  ['dinosaur', 'Happy 5th Birthday Emma', 'birthday'],
  ['unicorn rainbow', 'Lily is 7', 'baby-shower'],
  ['wedding rings and doves', 'Anna & Ben', 'wedding'],
  ['baby shower ducks', 'Oh Baby', 'baby-shower'],
  ['christmas tree and presents', 'Merry Christmas', 'holiday'],
  ['halloween pumpkins and ghosts', 'Spooky Night', 'party'],
  ['diwali lamps and fireworks', 'Happy Diwali', 'party'],
  ['lunar new year dragon', 'Happy New Year', 'holiday'],
  ['graduation cap and books', 'Class of 2026', 'minimal'],
  ['tropical luau pineapple', 'Aloha Party', 'party'],
  ['football team trophy', 'Go Tigers', 'party'],
  ['hanukkah menorah', 'Happy Hanukkah', 'holiday'],
];

/** The words that choose each layout. */
const LAYOUT_WORDS: Readonly<Record<LayoutId, string>> = {
  scene: 'party',
  invitation: 'invitation',
  poster: 'poster',
  bunting: 'banner',
  sticker: 'cupcake topper',
  pattern: 'wrapping paper',
  'table-card': 'table card',
};

async function main(): Promise<void> {
  const outDir = fileURLToPath(new URL('../docs/examples/', import.meta.url));
  await rm(outDir, { recursive: true, force: true });
  await mkdir(`${outDir}designs`, { recursive: true });
  const tiles: { input: Buffer; left: number; top: number }[] = [];
  const notes: string[] = [
    '# Offline engine examples',
    '',
    `Made by \`node scripts/render-examples.ts\` (seed ${SEED}, ${TILE}×${TILE}). The first row's designs are in \`designs/\`, each SVG beside its PNG.`,
    '',
    '| row | prompt (scene column) | style | drew | text set (lines split by /) | did not know |',
    '|---|---|---|---|---|---|',
  ];
  const width = GAP + LAYOUT_IDS.length * (TILE + GAP);
  const started = performance.now();
  for (const [row, [subject, headline, style]] of THEMES.entries()) {
    for (const [column, layout] of LAYOUT_IDS.entries()) {
      const prompt = `"${headline}" ${subject} ${LAYOUT_WORDS[layout]}`;
      const design = await renderDesign({ prompt, style, seed: SEED, width: TILE, height: TILE, format: 'png' });
      if (design.report.layout !== layout) throw new Error(`${prompt}: laid out as ${design.report.layout}, not ${layout}`);
      const name = `${String(row + 1).padStart(2, '0')}-${layout}`;
      // The first row's designs are kept as files too, PNG and its SVG twin, to show the vector output.
      if (row === 0) {
        await writeFile(`${outDir}designs/${name}.png`, design.bytes);
        await writeFile(`${outDir}designs/${name}.svg`, design.svg);
      }
      tiles.push({ input: Buffer.from(design.bytes), left: GAP + column * (TILE + GAP), top: LABEL + GAP + row * (TILE + GAP) });
      if (layout === 'scene')
        notes.push(
          `| ${row + 1} | \`${prompt}\` | ${style} | ${design.report.subjects.join(', ')} | ${design.report.text.join(' / ')} | ${design.report.ignoredWords.join(', ') || '—'} |`,
        );
    }
  }
  const header = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${LABEL}">${LAYOUT_IDS.map((layout, i) => `<text x="${GAP + i * (TILE + GAP) + TILE / 2}" y="20" font-family="sans-serif" font-size="16" text-anchor="middle" fill="#333">${layout}</text>`).join('')}</svg>`,
  );
  const height = LABEL + GAP + THEMES.length * (TILE + GAP);
  const sheet = await sharp({ create: { width, height, channels: 3, background: '#d9d6d0' } })
    .composite([{ input: header, left: 0, top: 0 }, ...tiles])
    .jpeg({ quality: 82 })
    .toBuffer();
  await writeFile(`${outDir}contact-sheet.jpg`, sheet);
  await writeFile(`${outDir}README.md`, `${notes.join('\n')}\n`);
  console.log(
    `contact-sheet.jpg: ${THEMES.length} prompts × ${LAYOUT_IDS.length} layouts in ${Math.round(performance.now() - started)} ms`,
  );
}

await main();
