import { randomUUID } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import { z } from 'zod';
import { sniffImageFormat } from '../contract/image-format.ts';
import { IMPORT_LIMITS } from '../contract/import-limits.ts';
import { storedEntrySchema } from '../contract/history-entry.ts';
import { isStyleId } from '../contract/styles.ts';
import { MotifError } from '../errors/motif-error.ts';
import type { LibraryAddInput } from './library.ts';
import { readEmbeddedSettings, type EmbeddedSettings } from './metadata/index.ts';
import { isSvgDocument } from './vector-twin.ts';

/** An image file brought into Motif: its name (for the prompt of an image with no settings) and bytes, with the JSON sidecar an export wrote beside it, if any. */
export interface ImportFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The text of `<name>.json` when an exported folder is imported: settings, tags and project names. */
  readonly sidecar?: string | undefined;
  /** The text of `<name>.svg` beside it: an offline design's SVG twin, kept when the file carries Motif's settings. */
  readonly svg?: string | undefined;
}

/** An imported file ready for `Library.add`, with the tags and project names to give it once it is in. */
export interface ImportPlan {
  readonly input: LibraryAddInput;
  readonly tags: readonly string[];
  readonly projects: readonly string[];
  /** True when the file (or its sidecar) carried Motif's settings, so "Reuse settings" asks for the same image again. */
  readonly withSettings: boolean;
}

/** An export's sidecar: the entry's fields, its tags and the names of its projects. */
const sidecarSchema = storedEntrySchema.partial().extend({
  tags: z.array(z.string()).max(30).optional(),
  projects: z.array(z.string()).max(200).optional(),
});

/**
 * Checks an image file and plans its library entry. Anything but a complete
 * PNG, JPEG or WebP within the limits is `invalid_image`, naming what is
 * wrong; the whole image is decoded once, so a truncated file is caught here
 * and not in the gallery. Settings come from the sidecar when there is one,
 * else from the file itself (a Motif export's text chunks or XMP).
 */
export async function planImport(file: ImportFile): Promise<ImportPlan> {
  const name = typeof file.name === 'string' ? file.name.slice(0, 255) : 'image';
  const bytes = file.bytes;
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) throw invalid(name, 'the file is empty');
  if (bytes.byteLength > IMPORT_LIMITS.maxBytes)
    throw invalid(
      name,
      `the file is ${(bytes.byteLength / 1048576).toFixed(1)} MB; images up to ${IMPORT_LIMITS.maxBytes / 1048576} MB can be imported`,
    );
  const format = sniffImageFormat(bytes);
  if (format === undefined) throw invalid(name, 'it is not a PNG, JPEG or WebP image');
  const embedded = await readEmbeddedSettings(bytes, format).catch((error: unknown) => {
    throw invalid(name, error instanceof Error ? error.message : String(error), error);
  });
  const { width, height } = await decodeSize(bytes, name);
  const sidecar = parseSidecar(file.sidecar);
  const settings = fromSidecar(sidecar) ?? embedded;
  const entry: LibraryAddInput['entry'] = {
    jobId: `import-${randomUUID()}`,
    format,
    width,
    height,
    prompt: settings?.prompt ?? promptFromName(name),
    ...(settings?.negativePrompt ? { negativePrompt: settings.negativePrompt } : {}),
    // An image from elsewhere, or a style this version does not know, gets the default style: the library only takes known ones.
    style: settings !== undefined && isStyleId(settings.style) ? settings.style : 'party',
    provider: settings?.provider ?? 'import',
    model: settings?.model ?? 'file',
    ...(settings?.seed === undefined ? {} : { seed: settings.seed }),
    ...(settings?.costUsd === undefined ? {} : { costUsd: settings.costUsd }),
    latencyMs: 0,
    fallback: false,
    warnings: [],
    attempts: [],
    task: 'upload',
  };
  // The twin belongs to a design Motif made; beside a stranger's image an SVG of the same name is just another file.
  const svg = settings !== undefined && file.svg !== undefined && isSvgDocument(file.svg) ? file.svg : undefined;
  return {
    input: { bytes, entry, ...(svg === undefined ? {} : { svg }) },
    tags: sidecar?.tags ?? [],
    projects: sidecar?.projects ?? [],
    withSettings: settings !== undefined,
  };
}

async function decodeSize(bytes: Uint8Array, name: string): Promise<{ width: number; height: number }> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: IMPORT_LIMITS.maxPixels }).metadata();
  } catch (error) {
    throw invalid(name, 'the image could not be read', error);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width < 1 || height < 1) throw invalid(name, 'the image has no size');
  if (Math.max(width, height) > IMPORT_LIMITS.maxSide || width * height > IMPORT_LIMITS.maxPixels)
    throw invalid(
      name,
      `the image is ${width}x${height}; sides up to ${IMPORT_LIMITS.maxSide} px and ${IMPORT_LIMITS.maxPixels / 1e6} megapixels can be imported`,
    );
  try {
    // Decoding to a tiny size reads every byte of the compressed data: a truncated file fails here.
    await sharp(bytes, { limitInputPixels: IMPORT_LIMITS.maxPixels, failOn: 'truncated' })
      .resize(16, 16, { fit: 'inside' })
      .raw()
      .toBuffer();
  } catch (error) {
    throw invalid(name, 'the image is truncated or damaged', error);
  }
  return { width, height };
}

function parseSidecar(text: string | undefined): z.infer<typeof sidecarSchema> | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = sidecarSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // A damaged sidecar: the image still comes in, with what the file itself says.
  }
}

function fromSidecar(sidecar: z.infer<typeof sidecarSchema> | undefined): Partial<EmbeddedSettings> | undefined {
  if (sidecar?.prompt === undefined || sidecar.style === undefined) return undefined;
  return {
    prompt: sidecar.prompt,
    negativePrompt: sidecar.negativePrompt,
    style: sidecar.style,
    seed: sidecar.seed,
    model: sidecar.model,
    provider: sidecar.provider,
    costUsd: sidecar.costUsd,
  };
}

/** `emma-5th_banner.png` → `emma 5th banner`: something to search by until a caption says more. */
function promptFromName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return base.replace(/[_-]+/g, ' ').trim() || 'Imported image';
}

function invalid(name: string, reason: string, cause?: unknown): MotifError {
  return new MotifError('invalid_image', { param: 'file', message: `${name}: ${reason}.`, ...(cause === undefined ? {} : { cause }) });
}
