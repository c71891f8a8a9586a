import extractChunks from 'png-chunks-extract';
import encodeChunks from 'png-chunks-encode';
import * as pngText from 'png-chunk-text';
import { MotifError } from '../../errors/motif-error.ts';
import { settingFields, settingsFromFields, type EmbeddedSettings } from './embedded-settings.ts';
import { settingsFromXmp, xmpPacket } from './xmp-packet.ts';

interface Chunk {
  name: string;
  data: Uint8Array;
}

/** The iTXt keyword under which XMP lives in a PNG (the XMP specification, part 3). */
const XMP_KEYWORD = 'XML:com.adobe.xmp';
/** Prefix of Motif's own text chunks: `motif:prompt`, `motif:seed`, … */
const MOTIF_PREFIX = 'motif:';
/** Chunks that carry text or camera data about a picture, never its pixels: what "strip" removes. */
const METADATA_CHUNKS = new Set(['tEXt', 'iTXt', 'zTXt', 'eXIf', 'tIME']);

/**
 * The PNG with the settings written in: each setting as a `motif:` text chunk
 * (tEXt, or iTXt when it is not Latin-1, like most prompts with an emoji),
 * `Software` and `Description` for every viewer, and an XMP packet in an iTXt
 * `XML:com.adobe.xmp` chunk. The pixels (IDAT) are copied, never re-encoded.
 * Settings chunks an earlier export wrote are replaced, not repeated.
 */
export function embedInPng(bytes: Uint8Array, settings: EmbeddedSettings): Uint8Array {
  const chunks = readChunks(bytes).filter((chunk) => !isOurs(chunk));
  const added: Chunk[] = [
    textChunk('Software', `Motif ${settings.motifVersion}`),
    textChunk('Description', settings.prompt),
    ...settingFields(settings).map(([name, value]) => textChunk(`${MOTIF_PREFIX}${kebab(name)}`, value)),
    itxtChunk(XMP_KEYWORD, xmpPacket(settings)),
  ];
  // Right after IHDR, so readers that stop at the first IDAT still see them.
  return encodeChunks([chunks[0]!, ...added, ...chunks.slice(1)]);
}

/** The PNG without any text, XMP or EXIF chunks: for files handed to clients. */
export function stripPngText(bytes: Uint8Array): Uint8Array {
  return encodeChunks(readChunks(bytes).filter((chunk) => !METADATA_CHUNKS.has(chunk.name)));
}

/** The settings a Motif PNG carries (its `motif:` chunks, else its XMP); undefined when it carries none. */
export function readPngSettings(bytes: Uint8Array): EmbeddedSettings | undefined {
  const fields = new Map<string, string>();
  let xmp: string | undefined;
  for (const chunk of readChunks(bytes)) {
    const text = decodeText(chunk);
    if (text === undefined) continue;
    if (text.keyword === XMP_KEYWORD) xmp = text.text;
    else if (text.keyword.startsWith(MOTIF_PREFIX)) fields.set(pascal(text.keyword.slice(MOTIF_PREFIX.length)), text.text);
  }
  return settingsFromFields(fields) ?? (xmp === undefined ? undefined : settingsFromXmp(xmp));
}

/**
 * The file's chunks. The layout is checked first (every chunk's length fits
 * in the file, IEND is there), so a hostile length cannot make the reader
 * allocate gigabytes; a bad CRC or a truncated file is `invalid_image`.
 */
export function readChunks(bytes: Uint8Array): Chunk[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let ended = false;
  while (offset + 12 <= bytes.byteLength) {
    const length = view.getUint32(offset);
    const name = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (length > bytes.byteLength - offset - 12) break;
    offset += length + 12;
    if (name === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!ended) throw corrupt('the PNG file is truncated (it has no end chunk)');
  try {
    return extractChunks(bytes);
  } catch (error) {
    throw corrupt(`the PNG file is damaged: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

function corrupt(message: string, cause?: unknown): MotifError {
  return new MotifError('invalid_image', { param: 'file', message, ...(cause === undefined ? {} : { cause }) });
}

function isOurs(chunk: Chunk): boolean {
  const text = decodeText(chunk);
  if (text === undefined) return false;
  return (
    text.keyword.startsWith(MOTIF_PREFIX) ||
    text.keyword === XMP_KEYWORD ||
    (text.keyword === 'Software' && text.text.startsWith('Motif ')) ||
    text.keyword === 'Description'
  );
}

function textChunk(keyword: string, text: string): Chunk {
  // eslint-disable-next-line no-control-regex
  return /^[\u0001-\u00ff]*$/.test(text) ? pngText.encode(keyword, text) : itxtChunk(keyword, text);
}

/** An uncompressed iTXt chunk: keyword, NUL, flag 0, method 0, empty language, NUL, empty translation, NUL, UTF-8 text. */
function itxtChunk(keyword: string, text: string): Chunk {
  const head = Buffer.from(`${keyword}\0\0\0\0\0`, 'latin1');
  return { name: 'iTXt', data: new Uint8Array(Buffer.concat([head, Buffer.from(text, 'utf8')])) };
}

function decodeText(chunk: Chunk): { keyword: string; text: string } | undefined {
  if (chunk.name === 'tEXt') {
    try {
      return pngText.decode(chunk.data);
    } catch {
      return undefined; // a NUL inside the text: not a chunk Motif wrote
    }
  }
  if (chunk.name !== 'iTXt') return undefined;
  const data = Buffer.from(chunk.data);
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 1 || data[keywordEnd + 1] !== 0) return undefined; // compressed iTXt: not one Motif wrote
  const languageEnd = data.indexOf(0, keywordEnd + 3);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) return undefined;
  return { keyword: data.subarray(0, keywordEnd).toString('latin1'), text: data.subarray(translatedEnd + 1).toString('utf8') };
}

/** `NegativePrompt` → `negative-prompt`. */
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter, at: number) => (at === 0 ? '' : '-') + letter.toLowerCase());
}

/** `negative-prompt` → `NegativePrompt`. */
function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase());
}
