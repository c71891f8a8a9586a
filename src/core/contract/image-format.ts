import type { ImageFormat } from './request-limits.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/**
 * The format an image's bytes really are, from their magic numbers; undefined
 * when they are no image Motif stores. The one sniffer: providers check what
 * an upstream sent with it, the library checks what it stores (so a mislabelled
 * reply is caught at once, not when a designer opens the file a year later).
 * PNG needs its whole 8-byte signature: its first four bytes alone also start
 * text files that merely begin with "\x89PNG".
 */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  return undefined;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}
