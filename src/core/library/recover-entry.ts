import { readdir, readFile, stat } from 'node:fs/promises';
import sharp from 'sharp';
import type { ImageFormat } from '../contract/image-request.ts';
import { storedEntrySchema, type HistoryEntry } from '../contract/history-entry.ts';
import { isCode, sha256Hex } from './durable-fs.ts';
import { sniffImageFormat } from '../contract/image-format.ts';
import type { LibraryPaths } from './library-paths.ts';
import { withVectorTwin } from './vector-twin.ts';

/** A content-addressed image file name: `<sha256>.<ext>`. Anything else in `images/` is not an image Motif stored. */
const CONTENT_IMAGE = /^([a-f0-9]{64})\.(png|jpeg|webp)$/;

/** One image file in `images/`, by hash. */
export interface ContentImage {
  readonly hash: string;
  readonly format: ImageFormat;
}

/** The content-addressed images in `images/` (a missing folder has none). */
export async function listContentImages(paths: LibraryPaths): Promise<ContentImage[]> {
  let names: string[];
  try {
    names = await readdir(paths.images);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return [];
    throw error;
  }
  const images: ContentImage[] = [];
  for (const name of names) {
    const match = CONTENT_IMAGE.exec(name);
    if (match !== null) images.push({ hash: match[1]!, format: match[2] as ImageFormat });
  }
  return images;
}

/** What a recovered entry says when nothing but the file was left. */
const RECOVERED_NOTE = 'Recovered from the image file alone: its prompt and settings were lost.';

/**
 * The entry for an image no index line accounts for: the sidecar saved with it
 * when there is a valid one, else what the file itself tells (size, format,
 * dimensions, time). Undefined when the file is not an image Motif stored
 * (its bytes do not hash to its name, or it is not an image at all). Either
 * way its SVG twin is what `vectors/` holds now: claimed when a whole one is
 * there (even if the sidecar predates it), left out when it is gone or torn.
 */
export async function recoverEntry(paths: LibraryPaths, image: ContentImage): Promise<HistoryEntry | undefined> {
  const entry = await recoverBareEntry(paths, image);
  return entry === undefined ? undefined : withVectorTwin(paths, entry);
}

async function recoverBareEntry(paths: LibraryPaths, image: ContentImage): Promise<HistoryEntry | undefined> {
  const fromSidecar = await readSidecar(paths, image);
  if (fromSidecar !== undefined) return fromSidecar;
  const path = paths.image(image.hash, image.format);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (isCode(error, 'ENOENT', 'EISDIR')) return undefined;
    throw error;
  }
  if (sha256Hex(bytes) !== image.hash || sniffImageFormat(bytes) !== image.format) return undefined;
  const meta = await sharp(bytes)
    .metadata()
    .catch(() => undefined);
  if (meta?.width === undefined || meta.height === undefined) return undefined;
  const createdAt = Math.max(0, Math.floor((await stat(path)).mtimeMs));
  return {
    id: `recovered-${image.hash.slice(0, 24)}`,
    jobId: 'recovered',
    imageHash: image.hash,
    format: image.format,
    width: meta.width,
    height: meta.height,
    bytes: bytes.byteLength,
    prompt: 'Recovered image',
    style: 'unknown',
    provider: 'unknown',
    model: 'unknown',
    latencyMs: 0,
    createdAt,
    favourite: false,
    fallback: false,
    warnings: [{ type: 'other', message: RECOVERED_NOTE }],
    attempts: [],
  };
}

/** The sidecar's entry when it is valid and names this very file. */
async function readSidecar(paths: LibraryPaths, image: ContentImage): Promise<HistoryEntry | undefined> {
  let text: string;
  try {
    text = await readFile(paths.sidecar(image.hash), 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT', 'EISDIR')) return undefined;
    throw error;
  }
  try {
    const parsed = storedEntrySchema.safeParse(JSON.parse(text));
    if (parsed.success && parsed.data.imageHash === image.hash && parsed.data.format === image.format) return parsed.data;
  } catch {
    // A torn sidecar: fall back to the file itself.
  }
  return undefined;
}

/** The sidecar text saved with an image. */
export function sidecarText(entry: HistoryEntry): string {
  return JSON.stringify(entry);
}
