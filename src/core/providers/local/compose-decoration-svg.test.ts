import { describe, expect, it } from 'vitest';
import { STYLE_IDS, STYLES } from '../../contract/styles.ts';
import { composeDecorationSvg, type ComposeDecorationOptions } from './compose-decoration-svg.ts';

const base: ComposeDecorationOptions = { prompt: 'confetti and balloons', style: 'party', seed: 42, width: 512, height: 512 };
const motifsIn = (svg: string): string[] => [...new Set([...svg.matchAll(/data-motif="([a-z-]+)"/g)].map((m) => m[1] as string))].sort();

describe('composeDecorationSvg', () => {
  it('is pure: the same options give the same markup', () => {
    expect(composeDecorationSvg(base)).toBe(composeDecorationSvg({ ...base }));
  });

  it('gives a different layout for a different seed', () => {
    expect(composeDecorationSvg({ ...base, seed: 43 })).not.toBe(composeDecorationSvg(base));
  });

  it('sizes the canvas to the request', () => {
    const svg = composeDecorationSvg({ ...base, width: 800, height: 300 });
    expect(svg).toMatch(/^<svg [^>]*width="800" height="300" viewBox="0 0 800 300"/);
  });

  it('draws the motifs the prompt names and not others', () => {
    const balloons = motifsIn(composeDecorationSvg({ ...base, prompt: 'balloons and bunting' }));
    const snow = motifsIn(composeDecorationSvg({ ...base, prompt: 'snowflakes and stars' }));
    expect(balloons).toContain('balloons');
    expect(balloons).toContain('bunting');
    expect(balloons).not.toContain('snowflakes');
    expect(snow).toContain('snowflakes');
    expect(snow).toContain('stars');
    expect(snow).not.toContain('balloons');
  });

  it('draws centrepieces in the badge: a cake, rings', () => {
    expect(motifsIn(composeDecorationSvg({ ...base, style: 'birthday', prompt: 'a birthday cake' }))).toContain('cake');
    expect(motifsIn(composeDecorationSvg({ ...base, style: 'wedding', prompt: 'wedding rings' }))).toContain('rings');
  });

  it('falls back to the style’s motifs when the prompt names none', () => {
    const motifs = motifsIn(composeDecorationSvg({ ...base, prompt: 'a great night' }));
    for (const motif of STYLES.party.motifs) expect(motifs).toContain(motif);
  });

  it('paints with the style’s palette', () => {
    const party = composeDecorationSvg({ ...base, style: 'party' });
    const wedding = composeDecorationSvg({ ...base, style: 'wedding' });
    expect(party).toContain(STYLES.party.palette[0]);
    expect(party).not.toContain(STYLES.wedding.palette[0]);
    expect(wedding).toContain(STYLES.wedding.palette[0]);
    expect(wedding).not.toContain(STYLES.party.palette[0]);
  });

  it('has no text and stays small enough to render fast, for every style and a busy prompt', () => {
    const busy = 'balloons confetti bunting stars hearts snow flowers rings cake dots stripes glitter';
    for (const style of STYLE_IDS) {
      for (const prompt of ['', busy]) {
        const svg = composeDecorationSvg({ ...base, style, prompt, width: 1600, height: 900 });
        expect(svg).not.toMatch(/<text|<tspan|font-family/);
        const elements = svg.match(/<[a-zA-Z]/g)?.length ?? 0;
        expect(elements, `${style} "${prompt}"`).toBeLessThan(600);
      }
    }
  });

  it('stays finite and bounded at the extremes of the size range', () => {
    const everything = 'balloons confetti bunting stars hearts snow flowers rings cake dots stripes glitter';
    for (const [width, height] of [
      [64, 64],
      [4096, 64],
      [64, 4096],
      [4096, 4096],
    ] as const) {
      for (const style of ['party', 'minimal'] as const) {
        const svg = composeDecorationSvg({ ...base, style, prompt: everything, width, height });
        expect(svg).not.toMatch(/NaN|Infinity/);
        expect(svg.match(/<[a-zA-Z]/g)?.length ?? 0).toBeLessThan(600);
        expect(svg.length, `${style} ${width}x${height}`).toBeLessThan(250_000);
      }
    }
  });
});
