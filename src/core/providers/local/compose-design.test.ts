import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { THEMED_PROMPTS } from '../../../../test/support/themed-prompts.ts';
import { composeDesign } from './compose-design.ts';
import { LAYOUT_IDS } from '../../contract/offline-design.ts';
import { renderDesign } from './render-decoration.ts';

const sha = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The picture shrunk to 32×32 RGB, for comparing what a person would see. */
async function thumbnail(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes).resize(32, 32, { fit: 'fill' }).flatten({ background: '#808080' }).removeAlpha().raw().toBuffer();
}

function meanAbsoluteDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

const LAYOUT_PROMPTS: Readonly<Record<(typeof LAYOUT_IDS)[number], string>> = {
  scene: '"Happy 5th Birthday Emma" dinosaur party',
  invitation: 'dinosaur invitation "Emma turns 5" "Saturday 3 pm"',
  poster: 'halloween poster "Spooky Night"',
  bunting: '"Happy Birthday" banner with dinosaurs',
  sticker: 'dinosaur cupcake topper',
  pattern: 'dinosaur wrapping paper',
  'table-card': 'table card "Table 5" with dinosaurs',
};

describe('composeDesign', () => {
  it('draws the dinosaurs and the exact headline of the issue’s example, and says so', async () => {
    const { svg, report } = await composeDesign({
      prompt: '"Happy 5th Birthday Emma" dinosaur party',
      style: 'birthday',
      seed: 1000,
      width: 512,
      height: 512,
    });
    expect(report).toEqual({ subjects: ['t-rex', 'sauropod'], layout: 'scene', text: ['Happy 5th', 'Birthday Emma'], ignoredWords: [] });
    expect(svg).toContain('data-subject="t-rex"');
    expect(svg).toContain('data-subject="sauropod"');
  });

  it('gives distinct images for the distinct themed prompts at one seed', async () => {
    const hashes = new Set<string>();
    for (const [prompt] of THEMED_PROMPTS) {
      const { bytes } = await renderDesign({ prompt, style: 'birthday', seed: 1000, width: 96, height: 96, format: 'png' });
      hashes.add(sha(bytes));
    }
    expect(hashes.size).toBe(THEMED_PROMPTS.length);
  });

  it.each(LAYOUT_IDS)('gives eight visibly different %s designs for eight seeds', async (layout) => {
    const thumbs: Buffer[] = [];
    for (let seed = 1; seed <= 8; seed++) {
      const { bytes, report } = await renderDesign({
        prompt: LAYOUT_PROMPTS[layout],
        style: 'party',
        seed,
        width: 192,
        height: 192,
        format: 'png',
      });
      expect(report.layout).toBe(layout);
      thumbs.push(await thumbnail(bytes));
    }
    for (let i = 0; i < thumbs.length; i++) {
      for (let j = i + 1; j < thumbs.length; j++) {
        // About 1% of full range per channel on average: a different arrangement, not a few pixels.
        expect(meanAbsoluteDifference(thumbs[i] as Buffer, thumbs[j] as Buffer), `seeds ${i + 1} and ${j + 1}`).toBeGreaterThan(2.5);
      }
    }
  });

  it.each(LAYOUT_IDS)('writes a self-contained %s SVG: text as paths, no external reference, no raster', async (layout) => {
    const { svg } = await composeDesign({ prompt: LAYOUT_PROMPTS[layout], style: 'wedding', seed: 3, width: 400, height: 300 });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="400" height="300" viewBox="0 0 400 300"/);
    expect(svg).not.toMatch(/<text|<tspan|font-family|<image|<foreignObject|<script/);
    // Every reference points inside the document.
    for (const [, target] of svg.matchAll(/(?:href|xlink:href)="([^"]*)"/g)) expect(target).toMatch(/^#/);
    for (const [, target] of svg.matchAll(/url\(([^)]*)\)/g)) expect(target).toMatch(/^#/);
    expect(svg).not.toMatch(/data:|https?:\/\/(?!www\.w3\.org\/2000\/svg")/);
    // Every id referenced is defined.
    const ids = new Set([...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    for (const [, id] of svg.matchAll(/(?:href="#|url\(#)([^")]+)/g)) expect(ids.has(id), id).toBe(true);
  });

  it('reports a headline it could not place, and words it did not know', async () => {
    const { report } = await composeDesign({
      prompt: 'wrapping paper "Emma" with zorblax dinosaurs',
      style: 'party',
      seed: 1,
      width: 256,
      height: 256,
    });
    expect(report.layout).toBe('pattern');
    expect(report.text).toEqual([]);
    expect(report.ignoredWords).toEqual(['zorblax', '"Emma"']);
  });
});
