import { describe, expect, it } from 'vitest';
import { pathPoints, textPaths } from '../../../../../test/support/svg-paths.ts';
import { composeDesign } from '../compose-design.ts';
import { commandPoints, typesetOnArc } from './arc-text.ts';
import { loadFontFace } from './font-faces.ts';

/** 40 characters, as in the straight typesetting test. */
const PHRASE = 'Happy 5th Birthday Emma & Zoë — Qwixj Vy';

describe('typesetOnArc', () => {
  it.each([
    ['up', true],
    ['down', false],
  ] as const)('draws every glyph of a 40-character phrase with the font’s own outline, turned onto a %s arc', async (bend, ribbon) => {
    const face = await loadFontFace('display');
    const box = { x: 30, y: 40, width: 700, height: 260 };
    const set = typesetOnArc(face, PHRASE, box, {
      name: 'headline',
      fill: '#000000',
      sweepDeg: 70,
      bend,
      ribbon: ribbon ? { color: '#ff4f79', shade: '#aa2040' } : undefined,
    });
    expect(set.missing).toEqual([]);
    expect(set.line).toBe(PHRASE);
    expect(set.glyphs.map((g) => g.char).join('')).toBe(PHRASE.replaceAll(' ', ''));
    const drawn = textPaths(set.markup, 'headline');
    expect(drawn).toHaveLength(set.glyphs.length);
    // The glyphs really turn: the first and last lean opposite ways, the more the further from the middle.
    const first = set.glyphs[0]!.angleRad;
    const last = set.glyphs.at(-1)!.angleRad;
    expect(Math.sign(first)).toBe(bend === 'up' ? -1 : 1);
    expect(Math.sign(last)).toBe(-Math.sign(first));
    set.glyphs.forEach((g, i) => {
      // The font's own outline, from opentype.js, at the glyph's size, turned about its pen origin.
      const [cos, sin] = [Math.cos(g.angleRad), Math.sin(g.angleRad)];
      const expected = g.glyph
        .getPath(0, 0, g.sizePx)
        .commands.flatMap(commandPoints)
        .map(({ x, y }) => ({ x: g.x + x * cos - y * sin, y: g.y + x * sin + y * cos }));
      const ours = pathPoints(drawn[i] as string);
      expect(ours.length, g.char).toBe(expected.length);
      ours.forEach((p, j) => {
        expect(Math.abs(p.x - expected[j]!.x), `${g.char} point ${j}`).toBeLessThan(0.02);
        expect(Math.abs(p.y - expected[j]!.y), `${g.char} point ${j}`).toBeLessThan(0.02);
      });
    });
    // Nothing, ribbon included, leaves the box.
    const everything = [...set.markup.matchAll(/<path d="([^"]+)"/g)].flatMap((m) => pathPoints(m[1] as string));
    for (const p of everything) {
      expect(p.x).toBeGreaterThanOrEqual(box.x - 0.01);
      expect(p.x).toBeLessThanOrEqual(box.x + box.width + 0.01);
      expect(p.y).toBeGreaterThanOrEqual(box.y - 0.01);
      expect(p.y).toBeLessThanOrEqual(box.y + box.height + 0.01);
    }
    expect(set.markup.includes('data-ribbon')).toBe(ribbon);
    // As large as the box allows: it touches two opposite sides.
    const touchesWidth = set.bounds.x1 - set.bounds.x0 > box.width - 0.5;
    const touchesHeight = set.bounds.y1 - set.bounds.y0 > box.height - 0.5;
    expect(touchesWidth || touchesHeight).toBe(true);
  });

  it('curves scene and poster headlines on some seeds, always whole and inside the canvas', async () => {
    const prompt = '"Happy 5th Birthday Emma" dinosaur party';
    const letters = 'Happy5thBirthdayEmma';
    let curved = 0;
    for (const layout of ['scene', 'poster'] as const) {
      for (const [width, height] of [
        [512, 512],
        [400, 700],
        [900, 400],
      ] as const) {
        for (let seed = 1; seed <= 8; seed++) {
          const { svg, report } = await composeDesign({ prompt, style: 'birthday', seed, width, height, layout });
          expect(report.text.join(' ')).toBe('Happy 5th Birthday Emma');
          const paths = textPaths(svg, 'headline');
          expect(paths, `${layout} ${width}x${height} seed ${seed}`).toHaveLength(letters.length);
          if (report.text.length === 1) curved++;
          const ribbon = svg.match(/<g data-ribbon="headline">(.*?)<\/g>/)?.[1] ?? '';
          const ribbonPaths = [...ribbon.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1] as string);
          for (const p of [...paths, ...ribbonPaths].flatMap(pathPoints)) {
            expect(p.x, `${layout} ${width}x${height} seed ${seed}`).toBeGreaterThanOrEqual(0);
            expect(p.x).toBeLessThanOrEqual(width);
            expect(p.y).toBeGreaterThanOrEqual(0);
            expect(p.y).toBeLessThanOrEqual(height);
          }
        }
      }
    }
    expect(curved).toBeGreaterThan(0);
  });
});
