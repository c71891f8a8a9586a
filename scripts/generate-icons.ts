/**
 * Makes every app icon from the one source, resources/icon.svg:
 *   resources/icons/<n>x<n>.png   16 … 1024 px (Linux, and any size a tool asks for)
 *   resources/icon.png            1024 px (electron-builder's fallback and the README)
 *   resources/icon.icns           macOS (PNG-encoded entries, 16 … 1024 px)
 *   resources/icon.ico            Windows (16 … 256 px)
 *   src/renderer/assets/favicon.svg  the window's favicon, the same drawing
 * Run after editing the SVG, and commit the results: node scripts/generate-icons.ts
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import png2icons from 'png2icons';
import sharp from 'sharp';

/** Every PNG size written; macOS and Windows icon files are built from these. */
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

const root = join(import.meta.dirname, '..');
export const ICON_SOURCE = join(root, 'resources/icon.svg');

/** The SVG drawn at `size` px square, at a density high enough that small sizes are downsampled, not upscaled. */
export function renderIcon(svg: Buffer, size: number): Promise<Buffer> {
  return sharp(svg, { density: Math.max(72, (72 * size) / 1024) * 4 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer();
}

async function main(): Promise<void> {
  const svg = await readFile(ICON_SOURCE);
  const pngDir = join(root, 'resources/icons');
  await mkdir(pngDir, { recursive: true });
  const pngs = new Map<number, Buffer>();
  for (const size of ICON_SIZES) {
    const png = await renderIcon(svg, size);
    pngs.set(size, png);
    await writeFile(join(pngDir, `${size}x${size}.png`), png);
  }
  await writeFile(join(root, 'resources/icon.png'), pngs.get(1024)!);
  // png2icons scales the entries down from the one image it is given, with bicubic filtering.
  const icns = png2icons.createICNS(pngs.get(1024)!, png2icons.BICUBIC2, 0);
  const ico = png2icons.createICO(pngs.get(256)!, png2icons.BICUBIC2, 0, false, true);
  if (!icns || !ico) throw new Error('png2icons could not encode the icon');
  await writeFile(join(root, 'resources/icon.icns'), icns);
  await writeFile(join(root, 'resources/icon.ico'), ico);
  await copyFile(ICON_SOURCE, join(root, 'src/renderer/assets/favicon.svg'));
  console.log(`wrote ${ICON_SIZES.length} PNGs, icon.png, icon.icns (${icns.length} B), icon.ico (${ico.length} B) and the favicon`);
}

if (import.meta.main) await main();
