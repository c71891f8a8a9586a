import { describe, expect, it } from 'vitest';
import { pathPoints, textPaths } from '../../../../../test/support/svg-paths.ts';
import { STYLE_IDS } from '../../../contract/styles.ts';
import { composeDesign } from '../compose-design.ts';
import { LAYOUT_IDS } from '../../../contract/offline-design.ts';
import { loadFontFace } from './font-faces.ts';
import { typesetText } from './typeset-text.ts';

/** 40 characters, with the letters designers misspell least often and models most often. */
const PHRASE = 'Happy 5th Birthday Emma & Zoë — Qwixj Vy';

describe('typesetText', () => {
  it('sets every glyph of a 40-character phrase with the font’s own outlines', async () => {
    expect(PHRASE).toHaveLength(40);
    const face = await loadFontFace('display');
    const set = typesetText(face, PHRASE, { x: 20, y: 30, width: 600, height: 200 }, { name: 'headline', maxLines: 3, fill: '#000000' });
    expect(set.missing).toEqual([]);
    expect(set.glyphs.map((g) => g.char).join('')).toBe(PHRASE.replaceAll(' ', ''));
    const drawn = [...set.markup.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1] as string);
    expect(drawn).toHaveLength(set.glyphs.length);
    set.glyphs.forEach((g, i) => {
      // The font's own outline at that pen position, bounded by opentype.js itself.
      const box = g.glyph.getPath(g.x, g.y, g.sizePx).getBoundingBox();
      const ours = pathPoints(drawn[i] as string);
      const xs = ours.map((p) => p.x);
      const ys = ours.map((p) => p.y);
      // Control points may sit outside the curve's box, never inside it by more than rounding.
      expect(Math.min(...xs), g.char).toBeLessThanOrEqual(box.x1 + 0.02);
      expect(Math.max(...xs), g.char).toBeGreaterThanOrEqual(box.x2 - 0.02);
      expect(Math.min(...ys), g.char).toBeLessThanOrEqual(box.y1 + 0.02);
      expect(Math.max(...ys), g.char).toBeGreaterThanOrEqual(box.y2 - 0.02);
      expect(ours.length, g.char).toBe(
        g.glyph
          .getPath(0, 0, 1)
          .commands.filter((c) => c.type !== 'Z')
          .reduce((n, c) => n + (c.type === 'C' ? 3 : c.type === 'Q' ? 2 : 1), 0),
      );
    });
  });

  it.each(LAYOUT_IDS.filter((l) => l !== 'pattern'))('keeps a quoted 40-character phrase whole and inside the %s', async (layout) => {
    const prompt = `${layout === 'table-card' ? 'table card' : layout === 'bunting' ? 'banner' : layout} "${PHRASE}" dinosaurs`;
    for (const style of STYLE_IDS) {
      for (const [width, height] of [
        [512, 512],
        [400, 900],
        [1000, 300],
      ] as const) {
        const { svg, report } = await composeDesign({ prompt, style, seed: 11, width, height });
        expect(report.layout).toBe(layout);
        expect(report.text.join(' ').replaceAll(' ', '')).toBe(PHRASE.replaceAll(' ', ''));
        const paths =
          layout === 'bunting'
            ? [...svg.matchAll(/<g data-text="letter">.*?<path d="([^"]+)"/g)].map((m) => m[1] as string)
            : textPaths(svg, 'headline');
        expect(paths, `${style} ${width}x${height}`).toHaveLength(PHRASE.replaceAll(' ', '').length);
        // The frame of card layouts is 4.5–5% of the short side in; nothing crosses it, nothing leaves the canvas.
        const edge = layout === 'invitation' || layout === 'table-card' ? Math.min(width, height) * 0.045 : 0;
        for (const p of paths.flatMap(pathPoints)) {
          expect(p.x, `${style} ${width}x${height}`).toBeGreaterThanOrEqual(edge);
          expect(p.x).toBeLessThanOrEqual(width - edge);
          expect(p.y).toBeGreaterThanOrEqual(edge);
          expect(p.y).toBeLessThanOrEqual(height - edge);
        }
      }
    }
  });

  it('shrinks and wraps a long name instead of clipping it', async () => {
    const face = await loadFontFace('script');
    const box = { x: 10, y: 10, width: 300, height: 120 };
    const short = typesetText(face, 'Emma', box, { name: 'headline', maxLines: 2, fill: '#000000' });
    const long = typesetText(face, 'Maximiliana Alexandrina Wolfeschlegelsteinhausen', box, {
      name: 'headline',
      maxLines: 2,
      fill: '#000000',
    });
    expect(long.lines).toHaveLength(2);
    expect(long.sizePx).toBeLessThan(short.sizePx);
    for (const set of [short, long]) {
      expect(set.bounds.x0).toBeGreaterThanOrEqual(box.x - 0.01);
      expect(set.bounds.x1).toBeLessThanOrEqual(box.x + box.width + 0.01);
      expect(set.bounds.y0).toBeGreaterThanOrEqual(box.y - 0.01);
      expect(set.bounds.y1).toBeLessThanOrEqual(box.y + box.height + 0.01);
      for (const d of [...set.markup.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1] as string)) {
        for (const p of pathPoints(d)) {
          expect(p.x).toBeGreaterThanOrEqual(box.x - 0.5);
          expect(p.x).toBeLessThanOrEqual(box.x + box.width + 0.5);
        }
      }
    }
  });

  it('reports characters no bundled font has, and sets the rest', async () => {
    const face = await loadFontFace('display');
    const set = typesetText(face, 'Emma 🦖', { x: 0, y: 0, width: 300, height: 100 }, { name: 'headline', maxLines: 1, fill: '#000000' });
    expect(set.missing).toEqual(['🦖']);
    expect(set.lines).toEqual(['Emma']);
  });
});
