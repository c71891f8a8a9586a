import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { HistoryEntry } from '../contract/history-entry.ts';
import type { ProjectSummary } from '../contract/project.ts';
import { toMotifError } from '../errors/motif-error.ts';
import { IMPORT_LIMITS } from '../contract/import-limits.ts';
import { planImport, type ImportFile } from './import-image.ts';
import type { Library } from './library.ts';
import { forEachZipImage, isZip, type ZipLimits } from './zip-import.ts';

/** What an import did: the new entries, and each file that could not come in with the reason (a registered code). */
export interface ImportResult {
  readonly imported: readonly HistoryEntry[];
  readonly failed: readonly { readonly name: string; readonly code: string; readonly message: string }[];
}

/**
 * Told about each imported image that carried no settings (it came in under
 * its file name): the engine captions it later, when a provider can, so it
 * becomes searchable by what it shows. Called after the image is in; the
 * import never waits for a caption.
 */
export type CaptionLater = (entry: HistoryEntry) => void;

/**
 * Brings image files into the library, one at a time: a Motif export keeps
 * its settings (so "Reuse settings" asks for the same image again), its tags
 * and its projects (by name, created when missing); any other image comes in
 * under its file name, and `captionLater` is told about it. A zip file brings in
 * every image in it the same way (`forEachZipImage`: a Motif project export
 * restores its projects through its sidecars). A file that cannot come in is
 * reported by name and never stops the others.
 */
export async function importIntoLibrary(
  library: Library,
  files: readonly ImportFile[],
  options: { readonly captionLater?: CaptionLater | undefined; readonly zipLimits?: ZipLimits | undefined } = {},
): Promise<ImportResult> {
  const imported: HistoryEntry[] = [];
  const failed: { name: string; code: string; message: string }[] = [];
  const fail = (name: string, error: unknown): void => {
    const failure = toMotifError(error);
    failed.push({ name, code: failure.code, message: failure.message });
  };
  const importOne = async (file: ImportFile): Promise<void> => {
    try {
      const { entry, withSettings } = await importImage(library, file);
      imported.push(entry);
      if (!withSettings) options.captionLater?.(entry);
    } catch (error) {
      fail(file.name, error);
    }
  };
  for (const file of files) {
    if (!(file.bytes instanceof Uint8Array) || !isZip(file.bytes)) await importOne(file);
    else await forEachZipImage(file, importOne, fail, options.zipLimits).catch((error: unknown) => fail(file.name, error));
  }
  return { imported, failed };
}

async function importImage(library: Library, file: ImportFile): Promise<{ entry: HistoryEntry; withSettings: boolean }> {
  const plan = await planImport(file);
  const entry = await library.add(plan.input);
  if (plan.tags.length > 0) await library.projects.setTags(entry.id, plan.tags).catch(() => undefined);
  for (const name of plan.projects) await fileByName(library, name, entry.id).catch(() => undefined);
  return { entry: library.get(entry.id) ?? entry, withSettings: plan.withSettings };
}

/**
 * Reads image files from disk for an import (the app's "Import…" picker, the
 * CLI), each with the JSON sidecar an export wrote beside it. Sizes are checked
 * before reading, so a huge file is refused without being loaded.
 */
export async function readImportFiles(paths: readonly string[]): Promise<{ files: ImportFile[]; failed: ImportResult['failed'] }> {
  const files: ImportFile[] = [];
  const failed: { name: string; code: string; message: string }[] = [];
  for (const path of paths) {
    const name = basename(path);
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new Error('it is not a file');
      const zip = extname(path).toLowerCase() === '.zip';
      const limit = zip ? IMPORT_LIMITS.maxZipBytes : IMPORT_LIMITS.maxBytes;
      if (info.size > limit) {
        failed.push({
          name,
          code: zip ? 'zip_too_large' : 'invalid_image',
          message: `${name}: the file is larger than ${limit / 1048576} MB.`,
        });
        continue;
      }
      const bytes = new Uint8Array(await readFile(path));
      const stem = path.slice(0, path.length - extname(path).length);
      const sidecar = await readFile(`${stem}.json`, 'utf8').catch(() => undefined);
      const svg = await readFile(`${stem}.svg`, 'utf8').catch(() => undefined);
      files.push({ name, bytes, sidecar, svg });
    } catch (error) {
      failed.push({ name, code: 'library_io', message: `${name}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { files, failed };
}

async function fileByName(library: Library, name: string, entryId: string): Promise<void> {
  const find = (): ProjectSummary | undefined =>
    library.projects.list().find((project) => project.name.toLowerCase() === name.trim().toLowerCase());
  const project =
    find() ??
    (await library.projects.create(name).catch((error: unknown) => {
      // Another Motif process made a project of that name a moment ago: the refused create read it in.
      const made = find();
      if (made === undefined) throw error;
      return made;
    }));
  await library.projects.add(project.id, [entryId]);
}
