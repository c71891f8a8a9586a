import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MotifError } from '../errors/motif-error.ts';

/**
 * Moves a closed library folder's contents to `to`. A rename when both are on
 * one disk; otherwise copy everything first and delete the source only after
 * the copy finished, so a failure midway never loses an image.
 */
export async function moveLibraryFolder(from: string, to: string): Promise<void> {
  const source = resolve(from);
  const target = resolve(to);
  if (source === target) return;
  if (target.startsWith(`${source}/`))
    throw new MotifError('invalid_request', { param: 'dir', message: 'The new library folder cannot be inside the current one.' });
  await mkdir(target, { recursive: true });
  const existing = await readdir(target);
  if (existing.length > 0) throw new MotifError('invalid_request', { param: 'dir', message: 'Choose an empty folder for the library.' });
  const names = await readdir(source);
  try {
    for (const name of names) await rename(`${source}/${name}`, `${target}/${name}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(source, target, { recursive: true, errorOnExist: true, force: false });
    for (const name of names) await rm(`${source}/${name}`, { recursive: true, force: true });
  }
}
