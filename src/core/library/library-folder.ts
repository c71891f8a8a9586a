import { readdir } from 'node:fs/promises';
import { MotifError } from '../errors/motif-error.ts';
import { isCode } from './durable-fs.ts';

/** What makes a folder a Motif library: its index, or its images (a library whose index was lost). */
const LIBRARY_MARKERS = ['index.jsonl', 'images'];

/**
 * Checks that `dir` may be used as a library: an existing Motif library, or an
 * empty folder. A non-empty folder that is not a library is refused (opening
 * one empties its `tmp/`, so this guards other people's files), and a missing
 * folder is refused unless `create` says this is the default location (first
 * run): a library on an unplugged drive must be reported, not recreated empty.
 */
export async function assertLibraryFolder(dir: string, options: { create: boolean }): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (isCode(error, 'ENOENT') && options.create) return;
    if (isCode(error, 'ENOENT'))
      throw new MotifError('library_missing', {
        param: 'libraryDir',
        message: `The library folder ${dir} is not there. If it is on a drive that is not connected, connect it and start Motif again, or choose another folder in Settings.`,
      });
    if (isCode(error, 'ENOTDIR'))
      throw new MotifError('library_not_motif', { param: 'libraryDir', message: `${dir} is a file, not a library folder.` });
    throw error;
  }
  if (LIBRARY_MARKERS.some((name) => names.includes(name))) return;
  // Hidden files (.DS_Store, desktop.ini is not hidden but harmless) do not make a folder someone's.
  const foreign = names.filter((name) => !name.startsWith('.') && name !== 'desktop.ini');
  if (foreign.length === 0) return;
  throw new MotifError('library_not_motif', {
    param: 'libraryDir',
    message: `${dir} already holds other files (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}) and is not a Motif library. Choose an empty folder or an existing library.`,
  });
}
