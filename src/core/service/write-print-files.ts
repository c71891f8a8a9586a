import { extname } from 'node:path';
import { MotifError } from '../errors/motif-error.ts';
import type { PrintFile } from '../print/index.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';

const SUFFIX: Readonly<Record<PrintFile['role'], string>> = { print: '', cut: '-cut', preview: '-preview', sticker: '-sticker' };

/**
 * Writes an export's files atomically: the print file at `path`, the others
 * beside it as `<name>-cut.svg`, `<name>-preview.png`, `<name>-sticker.png`.
 */
export async function writePrintFiles(
  path: string,
  files: readonly PrintFile[],
): Promise<{ path: string; extraPaths: string[]; bytes: number }> {
  const main = files.find((file) => file.role === 'print');
  if (main === undefined) throw new MotifError('internal', { message: 'A print export produced no print file.' });
  const base = extname(path).toLowerCase() === `.${main.extension}` ? path.slice(0, -extname(path).length) : path;
  const target = (file: PrintFile): string => `${base}${SUFFIX[file.role]}.${file.extension}`;
  const extraPaths: string[] = [];
  try {
    for (const file of files) {
      await writeFileAtomic(target(file), file.bytes);
      if (file.role !== 'print') extraPaths.push(target(file));
    }
  } catch (error) {
    throw new MotifError('library_io', {
      message: `Could not write the print file: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
  return { path: target(main), extraPaths, bytes: main.bytes.byteLength };
}
