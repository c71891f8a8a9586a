/**
 * Renders the offline engine's sample artwork into docs/examples: one 512×512
 * PNG per style and a contact sheet of all six. Run: node scripts/render-examples.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { renderDecoration } from '../src/core/providers/local/render-decoration.ts';
import { STYLE_IDS, type StyleId } from '../src/core/contract/styles.ts';

const SIZE = 512;
const GAP = 16;
const COLUMNS = 3;

const PROMPTS: Readonly<Record<StyleId, string>> = {
  party: 'confetti and balloons with bunting and sparkles',
  birthday: 'birthday cake with balloons, bunting and confetti',
  wedding: 'flowers and rings with sparkles',
  'baby-shower': 'balloons, stars and hearts',
  holiday: 'snowflakes and stars with bunting',
  minimal: 'polka dots and rings',
};

const SEED = 7;

async function main(): Promise<void> {
  const outDir = fileURLToPath(new URL('../docs/examples/', import.meta.url));
  await mkdir(outDir, { recursive: true });
  const tiles: { input: Uint8Array; left: number; top: number }[] = [];
  for (const [i, style] of STYLE_IDS.entries()) {
    const started = performance.now();
    const png = await renderDecoration({ prompt: PROMPTS[style], style, seed: SEED, width: SIZE, height: SIZE, format: 'png' });
    await writeFile(`${outDir}${style}.png`, png);
    console.log(`${style}.png  "${PROMPTS[style]}"  ${Math.round(performance.now() - started)} ms`);
    tiles.push({ input: png, left: GAP + (i % COLUMNS) * (SIZE + GAP), top: GAP + Math.floor(i / COLUMNS) * (SIZE + GAP) });
  }
  const rows = Math.ceil(STYLE_IDS.length / COLUMNS);
  const sheet = await sharp({
    create: { width: GAP + COLUMNS * (SIZE + GAP), height: GAP + rows * (SIZE + GAP), channels: 3, background: '#e9e7e3' },
  })
    .composite(tiles.map((t) => ({ input: Buffer.from(t.input), left: t.left, top: t.top })))
    .png({ compressionLevel: 9 })
    .toBuffer();
  await writeFile(`${outDir}contact-sheet.png`, sheet);
  console.log('contact-sheet.png');
}

await main();
