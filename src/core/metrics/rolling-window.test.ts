import { describe, expect, it } from 'vitest';
import { RollingWindow } from './rolling-window.ts';

describe('RollingWindow', () => {
  it('has no mean or quantile before the first sample', () => {
    const window = new RollingWindow(5);
    expect(window.count).toBe(0);
    expect(window.mean()).toBeNull();
    expect(window.quantile(0.5)).toBeNull();
    expect(window.toArray()).toEqual([]);
  });

  it('keeps only the most recent samples, oldest first, however many arrive', () => {
    const window = new RollingWindow(200);
    for (let i = 1; i <= 100_000; i += 1) window.push(i);
    expect(window.count).toBe(200);
    const kept = window.toArray();
    expect(kept).toHaveLength(200);
    expect(kept[0]).toBe(99_801);
    expect(kept.at(-1)).toBe(100_000);
  });

  it('averages only the samples it still holds', () => {
    const window = new RollingWindow(3);
    window.push(1000);
    window.push(1);
    expect(window.mean()).toBe(500.5);
    window.push(2);
    window.push(3); // pushes the 1000 out
    expect(window.mean()).toBe(2);
  });

  it('gives nearest-rank quantiles', () => {
    const window = new RollingWindow(100);
    // Pushed out of order: the quantile must sort.
    for (let i = 100; i >= 1; i -= 1) window.push(i);
    expect(window.quantile(0)).toBe(1);
    expect(window.quantile(0.5)).toBe(50);
    expect(window.quantile(0.9)).toBe(90);
    expect(window.quantile(0.95)).toBe(95);
    expect(window.quantile(1)).toBe(100);
  });

  it('takes quantiles over the retained window after it wraps', () => {
    const window = new RollingWindow(4);
    for (const v of [9000, 9000, 9000, 9000, 1, 2, 3, 4]) window.push(v);
    expect(window.quantile(1)).toBe(4);
    expect(window.quantile(0.5)).toBe(2);
  });
});
