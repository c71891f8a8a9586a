import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import extractChunks from 'png-chunks-extract';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makePng } from '../../../../test/integration/fixtures/library-fixtures.ts';
import type { EmbeddedSettings } from './embedded-settings.ts';
import { fileWithSettings, readEmbeddedSettings } from './file-settings.ts';
import { readChunks } from './png-text.ts';

const SETTINGS: EmbeddedSettings = {
  prompt: 'Gold "bunting" & <balloons> for Emma’s 5th 🎈',
  negativePrompt: 'text, watermark',
  style: 'birthday',
  seed: 4_294_967_295,
  width: 48,
  height: 32,
  model: 'runware:101@1',
  provider: 'runware',
  costUsd: 0.0026,
  motifVersion: '0.1.0',
};

const textChunks = (png: Uint8Array): Map<string, string> => {
  const found = new Map<string, string>();
  for (const chunk of extractChunks(png)) {
    if (chunk.name !== 'tEXt' && chunk.name !== 'iTXt') continue;
    const data = Buffer.from(chunk.data);
    const keyword = data.subarray(0, data.indexOf(0)).toString('latin1');
    const text =
      chunk.name === 'tEXt'
        ? data.subarray(data.indexOf(0) + 1).toString('latin1')
        : data.subarray(data.lastIndexOf(0) + 1).toString('utf8');
    found.set(`${chunk.name} ${keyword}`, text);
  }
  return found;
};

describe('settings carried in exported files', () => {
  it('writes every setting into a PNG as text chunks and XMP, and reads them back', async () => {
    const stored = await makePng(1);
    const png = fileWithSettings(stored, 'png', SETTINGS);
    const chunks = textChunks(png);
    expect(chunks.get('tEXt Software')).toBe('Motif 0.1.0');
    expect(chunks.get('iTXt motif:prompt')).toBe(SETTINGS.prompt);
    expect(chunks.get('tEXt motif:negative-prompt')).toBe('text, watermark');
    expect(chunks.get('tEXt motif:seed')).toBe('4294967295');
    expect(chunks.get('tEXt motif:cost-usd')).toBe('0.0026');
    expect(chunks.get('tEXt motif:model')).toBe('runware:101@1');
    const xmp = chunks.get('iTXt XML:com.adobe.xmp')!;
    expect(xmp).toContain('<motif:Prompt>Gold &quot;bunting&quot; &amp; &lt;balloons&gt; for Emma’s 5th 🎈</motif:Prompt>');
    expect(xmp).toContain('<xmp:CreatorTool>Motif 0.1.0</xmp:CreatorTool>');
    expect(await readEmbeddedSettings(png, 'png')).toEqual(SETTINGS);
    // The pixels are untouched: same decoded image, still a valid PNG.
    expect(await sharp(png).raw().toBuffer()).toEqual(await sharp(stored).raw().toBuffer());
    // Sharp (libvips) sees the XMP packet as the file's XMP.
    expect((await sharp(png).metadata()).xmp?.toString('utf8')).toContain('<motif:Style>birthday</motif:Style>');
  });

  it('replaces the settings of an earlier export instead of repeating them', async () => {
    const once = fileWithSettings(await makePng(2), 'png', SETTINGS);
    const twice = fileWithSettings(once, 'png', { ...SETTINGS, seed: 7 });
    expect([...textChunks(twice).keys()].filter((k) => k.endsWith('motif:seed'))).toHaveLength(1);
    expect((await readEmbeddedSettings(twice, 'png'))?.seed).toBe(7);
  });

  it('strips every text and XMP chunk when asked to, for clients', async () => {
    const png = fileWithSettings(fileWithSettings(await makePng(3), 'png', SETTINGS), 'png', undefined);
    expect(textChunks(png).size).toBe(0);
    expect(await readEmbeddedSettings(png, 'png')).toBeUndefined();
    expect((await sharp(png).metadata()).width).toBe(48);
  });

  it('writes XMP into a JPEG without re-encoding it, and strips it again', async () => {
    const jpeg = new Uint8Array(
      await sharp(await makePng(4))
        .jpeg({ quality: 80 })
        .toBuffer(),
    );
    const carried = fileWithSettings(jpeg, 'jpeg', SETTINGS);
    expect(await readEmbeddedSettings(carried, 'jpeg')).toEqual(SETTINGS);
    // The compressed scan is copied byte for byte.
    const scan = (bytes: Uint8Array): Buffer => Buffer.from(bytes.subarray(Buffer.from(bytes).indexOf(Buffer.from([0xff, 0xda]))));
    expect(scan(carried).equals(scan(jpeg))).toBe(true);
    const stripped = fileWithSettings(carried, 'jpeg', undefined);
    expect(await readEmbeddedSettings(stripped, 'jpeg')).toBeUndefined();
    expect((await sharp(stripped).metadata()).format).toBe('jpeg');
  });

  it.each([
    ['lossy', { quality: 80 }],
    ['lossless with alpha', { lossless: true }],
  ] as const)('writes XMP into a %s WebP without re-encoding it, and strips it again', async (_kind, options) => {
    const source = 'lossless' in options ? sharp(await makePng(8)).ensureAlpha(0.5) : sharp(await makePng(8));
    const webp = new Uint8Array(await source.webp(options).toBuffer());
    const carried = fileWithSettings(webp, 'webp', SETTINGS);
    expect(await readEmbeddedSettings(carried, 'webp')).toEqual(SETTINGS);
    const meta = await sharp(carried).metadata();
    expect([meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual(['webp', 48, 32, 'lossless' in options]);
    // The same pixels: the image chunk is copied, not re-encoded.
    expect(await sharp(carried).raw().toBuffer()).toEqual(await sharp(webp).raw().toBuffer());
    // Writing twice replaces the packet.
    const twice = fileWithSettings(carried, 'webp', { ...SETTINGS, seed: 7 });
    expect(Buffer.from(twice).toString('latin1').split('XMP ').length).toBe(2);
    expect((await readEmbeddedSettings(twice, 'webp'))?.seed).toBe(7);
    const stripped = fileWithSettings(carried, 'webp', undefined);
    expect(await readEmbeddedSettings(stripped, 'webp')).toBeUndefined();
    expect((await sharp(stripped).metadata()).xmp).toBeUndefined();
    expect(await sharp(stripped).raw().toBuffer()).toEqual(await sharp(webp).raw().toBuffer());
  });

  it('refuses a WebP whose chunk claims more than the file holds, by name', () => {
    const riff = Buffer.alloc(30);
    riff.write('RIFF', 0, 'latin1');
    riff.writeUInt32LE(22, 4);
    riff.write('WEBPVP8 ', 8, 'latin1');
    riff.writeUInt32LE(0xfffffff0, 16);
    expect(() => fileWithSettings(riff, 'webp', SETTINGS)).toThrow(expect.objectContaining({ code: 'invalid_image' }));
  });

  it('reads nothing from an image no Motif export wrote', async () => {
    expect(await readEmbeddedSettings(await makePng(5), 'png')).toBeUndefined();
    const webp = new Uint8Array(
      await sharp(await makePng(5))
        .webp()
        .toBuffer(),
    );
    expect(await readEmbeddedSettings(webp, 'webp')).toBeUndefined();
  });

  it('refuses a truncated PNG or one whose chunk claims gigabytes, by name', async () => {
    const png = fileWithSettings(await makePng(6), 'png', SETTINGS);
    expect(() => readChunks(png.subarray(0, png.byteLength - 20))).toThrow(expect.objectContaining({ code: 'invalid_image' }));
    const huge = Buffer.from(png);
    huge.writeUInt32BE(0xfffffff0, 33); // the first chunk after IHDR
    expect(() => readChunks(huge)).toThrow(expect.objectContaining({ code: 'invalid_image' }));
    const badCrc = Buffer.from(png);
    badCrc[40] = badCrc[40]! ^ 0xff;
    expect(() => readChunks(badCrc)).toThrow(expect.objectContaining({ code: 'invalid_image' }));
  });

  it.runIf(hasIdentify())('is read by ImageMagick as the PNG text properties', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'motif-identify-'));
    try {
      const file = join(dir, 'design.png');
      await writeFile(file, fileWithSettings(await makePng(7), 'png', SETTINGS));
      const verbose = execFileSync('identify', ['-verbose', file], { encoding: 'utf8' });
      expect(verbose).toMatch(/motif:style: birthday/);
      expect(verbose).toMatch(/motif:seed: 4294967295/);
      expect(verbose).toMatch(/Software: Motif 0\.1\.0/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function hasIdentify(): boolean {
  try {
    execFileSync('identify', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
