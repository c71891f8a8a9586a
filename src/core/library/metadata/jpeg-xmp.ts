import { MotifError } from '../../errors/motif-error.ts';
import type { EmbeddedSettings } from './embedded-settings.ts';
import { xmpPacket } from './xmp-packet.ts';

/** The APP1 header that marks an XMP segment (the XMP specification, part 3). */
const XMP_HEADER = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP13 = 0xed;
const COMMENT = 0xfe;
const START_OF_SCAN = 0xda;

interface Segment {
  readonly marker: number;
  /** The whole segment: marker, length and payload. */
  readonly bytes: Uint8Array;
}

/**
 * The JPEG with an XMP packet holding the settings, in an APP1 segment after
 * the JFIF header. Everything else, the compressed pixels included, is
 * copied byte for byte: no re-encoding, no quality lost. An earlier XMP
 * segment is replaced.
 */
export function embedInJpeg(bytes: Uint8Array, settings: EmbeddedSettings): Uint8Array {
  const { segments, rest } = splitJpeg(bytes);
  const kept = segments.filter((segment) => !isXmp(segment));
  const at = kept.findIndex((segment) => segment.marker !== APP0);
  const payload = Buffer.concat([XMP_HEADER, Buffer.from(xmpPacket(settings), 'utf8')]);
  if (payload.byteLength + 2 > 0xffff)
    throw new MotifError('invalid_request', { param: 'prompt', message: 'the settings are too long for a JPEG XMP segment' });
  const length = Buffer.alloc(2);
  length.writeUInt16BE(payload.byteLength + 2);
  const xmp: Segment = { marker: APP1, bytes: Buffer.concat([Buffer.from([0xff, APP1]), length, payload]) };
  kept.splice(at < 0 ? kept.length : at, 0, xmp);
  return join(kept, rest);
}

/** The JPEG without EXIF, XMP, IPTC and comments (the colour profile stays): for files handed to clients. */
export function stripJpegMetadata(bytes: Uint8Array): Uint8Array {
  const { segments, rest } = splitJpeg(bytes);
  return join(
    segments.filter((segment) => segment.marker !== APP1 && segment.marker !== APP13 && segment.marker !== COMMENT),
    rest,
  );
}

function isXmp(segment: Segment): boolean {
  return segment.marker === APP1 && Buffer.from(segment.bytes.subarray(4, 4 + XMP_HEADER.byteLength)).equals(XMP_HEADER);
}

/** The header segments up to the start of the scan, and the rest of the file (scan data onwards) untouched. */
function splitJpeg(bytes: Uint8Array): { segments: Segment[]; rest: Uint8Array } {
  const segments: Segment[] = [];
  let offset = 2;
  while (offset + 4 <= bytes.byteLength) {
    if (bytes[offset] !== 0xff) break;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === START_OF_SCAN) return { segments, rest: bytes.subarray(offset) };
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    if (length < 2 || offset + 2 + length > bytes.byteLength) break;
    segments.push({ marker, bytes: bytes.subarray(offset, offset + 2 + length) });
    offset += 2 + length;
  }
  throw new MotifError('invalid_image', { param: 'file', message: 'the JPEG file is damaged or truncated' });
}

function join(segments: readonly Segment[], rest: Uint8Array): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8]), ...segments.map((s) => s.bytes), rest]));
}
