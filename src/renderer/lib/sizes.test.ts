import { describe, expect, it } from 'vitest';
import { aspectRatioLabel, parseSize, presetFor, sizeProblem } from './sizes.ts';
import { buildSparkline, movingAverage } from './sparkline.ts';

describe('sizes', () => {
  it('parses WxH and finds presets', () => {
    expect(parseSize('832x1216')).toEqual({ width: 832, height: 1216 });
    expect(parseSize('big')).toBeUndefined();
    expect(presetFor({ width: 1216, height: 832 })?.id).toBe('landscape');
    expect(presetFor({ width: 1000, height: 1000 })).toBeUndefined();
  });

  it('explains a bad custom size in words', () => {
    expect(sizeProblem({ width: 32, height: 1024 })).toBe('Width must be between 64 and 4096 pixels.');
    expect(sizeProblem({ width: 1024, height: 1024 })).toBeUndefined();
  });

  it('labels aspect ratios', () => {
    expect(aspectRatioLabel({ width: 1536, height: 1024 })).toBe('3:2');
    expect(aspectRatioLabel({ width: 1024, height: 1024 })).toBe('1:1');
  });
});

describe('sparkline', () => {
  it('averages over a sliding window', () => {
    expect(movingAverage([2, 4, 6, 8], 2)).toEqual([2, 3, 5, 7]);
  });

  it('draws one point per sample and a p95 line inside the box', () => {
    const geometry = buildSparkline([100, 200, 300], 290, 100, 50);
    expect(geometry.samplesPath.split('L')).toHaveLength(3);
    expect(geometry.p95Y).toBeGreaterThan(0);
    expect(geometry.p95Y).toBeLessThan(50);
    expect(buildSparkline([], null, 100, 50).p95Y).toBeUndefined();
  });
});
