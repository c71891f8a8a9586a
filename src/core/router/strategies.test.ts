import { describe, expect, it } from 'vitest';
import { seededRandom, type Random } from '../util/random.ts';
import { makeTarget, type Target } from './catalogue.ts';
import { orderTargets, type StrategyContext } from './strategies.ts';

const ids = (targets: readonly Target[]): string[] => targets.map((t) => t.provider);

function context(overrides: Partial<StrategyContext> = {}): StrategyContext {
  return { random: seededRandom(1), latencyMs: () => null, priceUsd: () => undefined, explorationRate: 0, ...overrides };
}

/** Within two percentage points: tight enough to catch a wrong weighting, loose enough for sampling noise. */
const expectShare = (count: number, draws: number, share: number): void => {
  expect(Math.abs(count / draws - share)).toBeLessThan(0.02);
};

const offline = makeTarget('local', 'procedural-v1', { priority: 1000, lastResort: true });

describe('orderTargets', () => {
  it('priority: lowest first, ties in catalogue order, the same every time', () => {
    const targets = [
      makeTarget('c', 'm', { priority: 2 }),
      makeTarget('a', 'm', { priority: 1 }),
      makeTarget('b', 'm', { priority: 1 }),
      makeTarget('d', 'm', { priority: 0 }),
    ];
    const first = ids(orderTargets('priority', targets, context()));
    expect(first).toEqual(['d', 'a', 'b', 'c']);
    for (let i = 0; i < 20; i += 1) expect(ids(orderTargets('priority', targets, context({ random: seededRandom(i) })))).toEqual(first);
  });

  it('cost: cheapest first, unknown prices after every known one (never treated as free)', () => {
    const prices: Record<string, number | undefined> = { pricey: 0.04, unknown: undefined, cheap: 0.0006, free: 0, unknown2: undefined };
    const targets = Object.keys(prices).map((p) => makeTarget(p, 'm'));
    const ordered = ids(orderTargets('cost', targets, context({ priceUsd: (t) => prices[t.provider] })));
    expect(ordered).toEqual(['free', 'cheap', 'pricey', 'unknown', 'unknown2']);
  });

  it('weighted: first choice follows the weights over many draws with a seeded generator', () => {
    const targets = [makeTarget('a', 'm', { weight: 6 }), makeTarget('b', 'm', { weight: 3 }), makeTarget('c', 'm', { weight: 1 })];
    const random = seededRandom(2024);
    const firsts: Record<string, number> = { a: 0, b: 0, c: 0 };
    const draws = 20_000;
    let incomplete = 0;
    for (let i = 0; i < draws; i += 1) {
      const ordered = orderTargets('weighted', targets, context({ random }));
      if (new Set(ids(ordered)).size !== 3) incomplete += 1; // every order holds each target once
      firsts[ordered[0]!.provider]! += 1;
    }
    expect(incomplete).toBe(0);
    expectShare(firsts.a!, draws, 0.6);
    expectShare(firsts.b!, draws, 0.3);
    expectShare(firsts.c!, draws, 0.1);
  });

  it('weighted: a zero-weight target is never first while another can serve, but stays as a fallback', () => {
    const targets = [makeTarget('off', 'm', { weight: 0 }), makeTarget('on', 'm', { weight: 1 })];
    const random = seededRandom(5);
    for (let i = 0; i < 500; i += 1) expect(ids(orderTargets('weighted', targets, context({ random })))).toEqual(['on', 'off']);
  });

  it('latency: unmeasured targets first (so they get measured), then fastest first', () => {
    const latency: Record<string, number | null> = { slow: 900, fast: 120, fresh: null, mid: 400 };
    const targets = Object.keys(latency).map((p) => makeTarget(p, 'm'));
    expect(ids(orderTargets('latency', targets, context({ latencyMs: (t) => latency[t.provider] ?? null })))).toEqual([
      'fresh',
      'fast',
      'mid',
      'slow',
    ]);
  });

  it('latency: explores a non-best target first at about the configured rate', () => {
    const latency: Record<string, number> = { fast: 100, mid: 200, slow: 300 };
    const targets = Object.keys(latency).map((p) => makeTarget(p, 'm'));
    const random = seededRandom(77);
    const draws = 20_000;
    const firsts: Record<string, number> = { fast: 0, mid: 0, slow: 0 };
    for (let i = 0; i < draws; i += 1) {
      const ordered = orderTargets('latency', targets, context({ random, explorationRate: 0.1, latencyMs: (t) => latency[t.provider]! }));
      firsts[ordered[0]!.provider]! += 1;
    }
    expectShare(firsts.fast!, draws, 0.9);
    // The explored pick is spread evenly over the others.
    expectShare(firsts.mid!, draws, 0.05);
    expectShare(firsts.slow!, draws, 0.05);
  });

  it('latency: never explores with a rate of zero', () => {
    const targets = [makeTarget('fast', 'm'), makeTarget('slow', 'm')];
    const random: Random = seededRandom(3);
    for (let i = 0; i < 1000; i += 1) {
      expect(ids(orderTargets('latency', targets, context({ random, latencyMs: (t) => (t.provider === 'fast' ? 10 : 20) })))[0]).toBe(
        'fast',
      );
    }
  });

  it.each(['priority', 'cost', 'weighted', 'latency'] as const)('%s: the last resort is always last', (strategy) => {
    // The offline engine is free and unmeasured: it would win cost and latency if it were not held back.
    const targets = [offline, makeTarget('a', 'm', { weight: 1 }), makeTarget('b', 'm', { weight: 100 })];
    const random = seededRandom(9);
    for (let i = 0; i < 200; i += 1) {
      const ordered = orderTargets(
        strategy,
        targets,
        context({
          random,
          explorationRate: 0.5,
          priceUsd: (t) => (t.provider === 'local' ? 0 : 0.02),
          latencyMs: (t) => (t.provider === 'local' ? null : 100),
        }),
      );
      expect(ordered).toHaveLength(3);
      expect(ordered.at(-1)).toBe(offline);
    }
  });
});
