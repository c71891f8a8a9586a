import { buffer } from 'node:stream/consumers';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { IMPORT_LIMITS } from '../contract/import-limits.ts';
import { MotifError } from '../errors/motif-error.ts';
import type { ImportFile } from './import-image.ts';

/** The limits a zip import checks; tests pass smaller ones. */
export interface ZipLimits {
  readonly maxZipEntries: number;
  readonly maxZipUnpackedBytes: number;
  /** The largest image inside a zip (bigger ones are reported and skipped without being unpacked). */
  readonly maxBytes: number;
}

const IMAGE_NAME = /\.(png|jpe?g|webp)$/i;
/** An export's sidecar is small; a bigger `.json` is not one, and is never unpacked. */
const MAX_SIDECAR_BYTES = 1024 * 1024;
/** What yauzl says about an entry name that leaves the zip's folder (it refuses those itself). */
const UNSAFE_NAME = /^(invalid relative path|absolute path|invalid characters in fileName)/;

/** True when the bytes start like a zip file (a local file header, or the end record of an empty zip). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && bytes[3] === bytes[2] + 1;
}

/**
 * Hands each image in a zip to `take`, one at a time, with the JSON sidecar a
 * Motif export wrote beside it (its settings, tags and project names), so a
 * big zip never sits unpacked in memory. Everything is checked before a byte
 * is unpacked: an entry named outside the zip's folder is `zip_unsafe_path`;
 * too many entries, or more unpacked bytes than the limit (as the zip itself
 * declares them, which yauzl then holds every entry to), is `zip_too_large`;
 * a damaged file is `invalid_zip`. Images too big to import are reported by
 * `onSkipped` without being unpacked; other files (notes, folders) are ignored.
 */
export async function forEachZipImage(
  zip: ImportFile,
  take: (file: ImportFile) => Promise<void>,
  onSkipped: (name: string, reason: MotifError) => void,
  limits: ZipLimits = IMPORT_LIMITS,
): Promise<void> {
  const file = await openZip(zip);
  try {
    if (file.entryCount > limits.maxZipEntries)
      throw tooLarge(zip.name, `it holds ${file.entryCount} files; a zip of up to ${limits.maxZipEntries} can be imported`);
    const entries = await listEntries(file, zip.name);
    const images = entries.filter((entry) => IMAGE_NAME.test(entry.fileName) && !hidden(entry.fileName));
    const beside = (extension: string, maxBytes: number): Map<string, Entry> =>
      new Map(
        entries
          .filter((entry) => entry.fileName.toLowerCase().endsWith(extension) && entry.uncompressedSize <= maxBytes)
          .map((entry) => [stem(entry.fileName), entry]),
      );
    const sidecars = beside('.json', MAX_SIDECAR_BYTES);
    // An offline design's SVG twin, exported beside its image.
    const twins = beside('.svg', limits.maxBytes);
    const wanted = [...images, ...sidecars.values(), ...twins.values()].reduce((sum, entry) => sum + entry.uncompressedSize, 0);
    if (wanted > limits.maxZipUnpackedBytes)
      throw tooLarge(
        zip.name,
        `it unpacks to ${(wanted / 1048576).toFixed(0)} MB; up to ${(limits.maxZipUnpackedBytes / 1048576).toFixed(0)} MB can be imported at once`,
      );
    if (images.length === 0)
      throw new MotifError('invalid_zip', { param: 'file', message: `${zip.name}: the zip holds no PNG, JPEG or WebP images.` });
    for (const entry of images) {
      const name = `${zip.name}/${entry.fileName}`;
      if (entry.uncompressedSize > limits.maxBytes) {
        onSkipped(
          name,
          new MotifError('invalid_image', {
            param: 'file',
            message: `${name}: the file is ${(entry.uncompressedSize / 1048576).toFixed(1)} MB; images up to ${limits.maxBytes / 1048576} MB can be imported.`,
          }),
        );
        continue;
      }
      const sidecarEntry = sidecars.get(stem(entry.fileName));
      const sidecar = sidecarEntry === undefined ? undefined : (await unpack(file, sidecarEntry, zip.name)).toString('utf8');
      const twinEntry = twins.get(stem(entry.fileName));
      const svg = twinEntry === undefined ? undefined : (await unpack(file, twinEntry, zip.name)).toString('utf8');
      await take({ name, bytes: new Uint8Array(await unpack(file, entry, zip.name)), sidecar, svg });
    }
  } finally {
    file.close();
  }
}

async function openZip(zip: ImportFile): Promise<ZipFile> {
  const bytes = Buffer.from(zip.bytes.buffer, zip.bytes.byteOffset, zip.bytes.byteLength);
  try {
    return await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (error) {
    throw zipError(zip.name, error);
  }
}

/** The central directory's entries (names and declared sizes; nothing is unpacked). */
async function listEntries(file: ZipFile, zipName: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  try {
    for await (const entry of file.eachEntry()) if (!entry.fileName.endsWith('/')) entries.push(entry);
  } catch (error) {
    throw zipError(zipName, error);
  }
  return entries;
}

/** One entry's bytes; an entry that unpacks to more than it declared fails (yauzl's `validateEntrySizes`). */
async function unpack(file: ZipFile, entry: Entry, zipName: string): Promise<Buffer> {
  try {
    return await buffer(await file.openReadStreamPromise(entry));
  } catch (error) {
    throw zipError(zipName, error);
  }
}

function zipError(zipName: string, error: unknown): MotifError {
  const reason = error instanceof Error ? error.message : String(error);
  if (UNSAFE_NAME.test(reason))
    return new MotifError('zip_unsafe_path', { param: 'file', message: `${zipName}: ${reason}.`, cause: error });
  if (reason.startsWith('too many bytes in the stream'))
    return tooLarge(zipName, `a file in it unpacks to more than the zip declares (${reason})`, error);
  return new MotifError('invalid_zip', { param: 'file', message: `${zipName}: the zip file is damaged (${reason}).`, cause: error });
}

function tooLarge(zipName: string, reason: string, cause?: unknown): MotifError {
  return new MotifError('zip_too_large', { param: 'file', message: `${zipName}: ${reason}.`, ...(cause === undefined ? {} : { cause }) });
}

/** `photos/a.png` → `photos/a`: an image and its sidecar share it. */
function stem(name: string): string {
  return name.replace(/\.[^./]*$/, '').toLowerCase();
}

/** macOS resource forks and dot files travel in zips made on a Mac; they are not images. */
function hidden(name: string): boolean {
  return name.startsWith('__MACOSX/') || name.split('/').some((part) => part.startsWith('.'));
}
