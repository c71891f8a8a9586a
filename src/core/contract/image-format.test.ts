import { describe, expect, it } from 'vitest';
import { sniffImageFormat } from './image-format.ts';

const bytes = (...values: (number | string)[]): Uint8Array =>
  Uint8Array.from(values.flatMap((value) => (typeof value === 'string' ? [...value].map((c) => c.charCodeAt(0)) : [value])));

const PNG = bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'IHDR');

describe('sniffImageFormat', () => {
  it('recognises PNG, JPEG and WebP by their magic numbers', () => {
    expect(sniffImageFormat(PNG)).toBe('png');
    expect(sniffImageFormat(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16, 'JFIF'))).toBe('jpeg');
    expect(sniffImageFormat(bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 '))).toBe('webp');
  });

  it('wants the whole PNG signature, not just "\\x89PNG"', () => {
    expect(sniffImageFormat(bytes(0x89, 'PNG'))).toBeUndefined();
    expect(sniffImageFormat(bytes(0x89, 'PNG is not an image, just text'))).toBeUndefined();
    expect(sniffImageFormat(PNG.subarray(0, 7))).toBeUndefined();
  });

  it('knows nothing else: empty, short, a RIFF that is not WebP, text', () => {
    expect(sniffImageFormat(new Uint8Array())).toBeUndefined();
    expect(sniffImageFormat(bytes(0xff, 0xd8))).toBeUndefined();
    expect(sniffImageFormat(bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt '))).toBeUndefined();
    expect(sniffImageFormat(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffImageFormat(bytes('GIF89a', 1, 0, 1, 0))).toBeUndefined();
  });
});
