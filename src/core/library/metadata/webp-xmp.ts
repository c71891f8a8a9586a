import { MotifError } from '../../errors/motif-error.ts';
import type { EmbeddedSettings } from './embedded-settings.ts';
import { xmpPacket } from './xmp-packet.ts';

/** VP8X feature flags (the WebP container specification, "Extended File Format"). */
const FLAG_ALPHA = 0x10;
const FLAG_EXIF = 0x08;
const FLAG_XMP = 0x04;

interface Chunk {
  readonly fourCc: string;
  readonly payload: Uint8Array;
}

/**
 * The WebP with an `XMP ` chunk holding the settings. A simple (`VP8 ` or
 * `VP8L`) file becomes the extended layout: a `VP8X` header naming the canvas
 * size and the XMP flag goes first. The compressed image chunks are copied
 * byte for byte: no re-encoding. An earlier XMP chunk is replaced.
 */
export function embedInWebp(bytes: Uint8Array, settings: EmbeddedSettings): Uint8Array {
  const chunks = readWebpChunks(bytes).filter((chunk) => chunk.fourCc !== 'XMP ');
  const header = chunks[0]!.fourCc === 'VP8X' ? chunks.shift()!.payload : simpleHeader(chunks);
  const flags = new Uint8Array(header);
  flags[0] = flags[0]! | FLAG_XMP;
  // XMP comes last, after the image and any EXIF (the chunk order the specification gives).
  return writeWebp([{ fourCc: 'VP8X', payload: flags }, ...chunks, { fourCc: 'XMP ', payload: Buffer.from(xmpPacket(settings), 'utf8') }]);
}

/** The WebP without EXIF and XMP (the colour profile stays): for files handed to clients. */
export function stripWebpMetadata(bytes: Uint8Array): Uint8Array {
  const chunks = readWebpChunks(bytes);
  if (chunks[0]!.fourCc !== 'VP8X') return bytes;
  const header = new Uint8Array(chunks[0]!.payload);
  header[0] = header[0]! & ~(FLAG_EXIF | FLAG_XMP);
  return writeWebp([{ fourCc: 'VP8X', payload: header }, ...chunks.slice(1).filter((c) => c.fourCc !== 'EXIF' && c.fourCc !== 'XMP ')]);
}

/** The 10-byte VP8X payload for a simple file: its canvas size read from the image chunk's own header, and the alpha flag. */
function simpleHeader(chunks: readonly Chunk[]): Uint8Array {
  const image = chunks[0]!;
  const data = image.payload;
  let width: number;
  let height: number;
  let alpha = false;
  if (image.fourCc === 'VP8 ' && data.byteLength >= 10 && data[3] === 0x9d && data[4] === 0x01 && data[5] === 0x2a) {
    // Key frame: 3-byte tag, start code, then 14-bit width and height (the top 2 bits are scaling).
    width = (data[6]! | (data[7]! << 8)) & 0x3fff;
    height = (data[8]! | (data[9]! << 8)) & 0x3fff;
  } else if (image.fourCc === 'VP8L' && data.byteLength >= 5 && data[0] === 0x2f) {
    // Signature, then 14 bits width - 1, 14 bits height - 1, 1 bit alpha_is_used (little-endian bit order).
    const bits = data[1]! | (data[2]! << 8) | (data[3]! << 16) | (data[4]! << 24);
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
    alpha = ((bits >>> 28) & 1) === 1;
  } else throw damaged(`the WebP image chunk (${image.fourCc.trim()}) is not one this version can read`);
  if (width < 1 || height < 1) throw damaged('the WebP image has no size');
  const header = new Uint8Array(10);
  header[0] = alpha ? FLAG_ALPHA : 0;
  writeUint24(header, 4, width - 1);
  writeUint24(header, 7, height - 1);
  return header;
}

/** The chunks after the RIFF header. Every length is checked against the file, so a hostile one cannot make the reader run past it. */
function readWebpChunks(bytes: Uint8Array): Chunk[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.byteLength < 20 || ascii(0) !== 'RIFF' || ascii(8) !== 'WEBP') throw damaged('the file is not a WebP image');
  const end = Math.min(bytes.byteLength, 8 + view.getUint32(4, true));
  const chunks: Chunk[] = [];
  let offset = 12;
  while (offset + 8 <= end) {
    const size = view.getUint32(offset + 4, true);
    if (size > end - offset - 8) throw damaged('the WebP file is truncated');
    chunks.push({ fourCc: ascii(offset), payload: bytes.subarray(offset + 8, offset + 8 + size) });
    offset += 8 + size + (size % 2);
  }
  if (chunks.length === 0) throw damaged('the WebP file holds no image');
  return chunks;
}

function writeWebp(chunks: readonly Chunk[]): Uint8Array {
  const parts: Buffer[] = [];
  for (const chunk of chunks) {
    const head = Buffer.alloc(8);
    head.write(chunk.fourCc, 0, 'latin1');
    head.writeUInt32LE(chunk.payload.byteLength, 4);
    parts.push(head, Buffer.from(chunk.payload.buffer, chunk.payload.byteOffset, chunk.payload.byteLength));
    if (chunk.payload.byteLength % 2 === 1) parts.push(Buffer.alloc(1));
  }
  const body = Buffer.concat(parts);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.byteLength + 4, 4);
  riff.write('WEBP', 8, 'latin1');
  return new Uint8Array(Buffer.concat([riff, body]));
}

function writeUint24(target: Uint8Array, at: number, value: number): void {
  target[at] = value & 0xff;
  target[at + 1] = (value >> 8) & 0xff;
  target[at + 2] = (value >> 16) & 0xff;
}

function damaged(message: string): MotifError {
  return new MotifError('invalid_image', { param: 'file', message });
}
