import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

const run = promisify(execFile);

/** A PDF box as pdfinfo prints it: x1 y1 x2 y2 in points. */
export type PdfBox = readonly [number, number, number, number];

export interface PdfInfo {
  readonly pages: number;
  readonly boxes: Readonly<Record<'MediaBox' | 'CropBox' | 'BleedBox' | 'TrimBox' | 'ArtBox', PdfBox>>;
  readonly raw: string;
}

/** Runs `pdfinfo -box` (poppler-utils) on PDF bytes; boxes are those of page `page`. */
export async function pdfInfo(pdf: Uint8Array, page = 1): Promise<PdfInfo> {
  return withTempPdf(pdf, async (file) => {
    const { stdout } = await run('pdfinfo', ['-box', '-f', String(page), '-l', String(page), file]);
    const boxes: Record<string, PdfBox> = {};
    for (const match of stdout.matchAll(
      /^(?:Page\s+\d+\s+)?(MediaBox|CropBox|BleedBox|TrimBox|ArtBox):\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)/gm,
    )) {
      boxes[match[1]!] = [Number(match[2]), Number(match[3]), Number(match[4]), Number(match[5])];
    }
    const pages = Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]);
    return { pages, boxes: boxes as PdfInfo['boxes'], raw: stdout };
  });
}

/** Text of the PDF as `pdftotext -layout` reads it, pages separated by form feeds. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  return withTempPdf(pdf, async (file) => (await run('pdftotext', ['-raw', file, '-'])).stdout);
}

/** `pdfimages -list`: one row per image XObject (width, height, colour, encoding…), the header left out. */
export async function pdfImages(pdf: Uint8Array): Promise<{ width: number; height: number; encoding: string }[]> {
  return withTempPdf(pdf, async (file) => {
    const { stdout } = await run('pdfimages', ['-list', file]);
    return stdout
      .split('\n')
      .slice(2)
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const cells = line.trim().split(/\s+/);
        return { width: Number(cells[3]), height: Number(cells[4]), encoding: cells[8]! };
      });
  });
}

/** Rasterises one page with `pdftoppm` at `dpi` and returns its RGB pixels. */
export async function rasterisePage(
  pdf: Uint8Array,
  page: number,
  dpi: number,
): Promise<{ data: Buffer; width: number; height: number; png: Buffer }> {
  return withTempPdf(pdf, async (file, dir) => {
    const prefix = join(dir, 'page');
    await run('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, prefix]);
    const png = await readFile(`${prefix}.png`);
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, png };
  });
}

async function withTempPdf<T>(pdf: Uint8Array, body: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'motif-pdf-'));
  try {
    const file = join(dir, 'in.pdf');
    await writeFile(file, pdf);
    return await body(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
