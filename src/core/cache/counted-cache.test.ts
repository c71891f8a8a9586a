import { describe, expect, it } from 'vitest';
import { CountedCache } from './counted-cache.ts';

describe('CountedCache', () => {
  it('is bounded, evicting the least recently used', () => {
    const cache = new CountedCache<string>({ name: 't', max: 3, ttlMs: 0 });
    for (const k of ['a', 'b', 'c']) cache.set(k, k);
    cache.get('a');
    cache.set('d', 'd');
    expect(cache.size).toBe(3);
    expect(cache.peek('b')).toBeUndefined();
    expect(cache.peek('a')).toBe('a');
  });

  it('expires entries after their TTL on the injected clock', () => {
    let now = 1000;
    const cache = new CountedCache<string>({ name: 't', max: 10, ttlMs: 500, now: () => now });
    cache.set('k', 'v');
    now = 1499;
    expect(cache.get('k')).toBe('v');
    now = 1501;
    expect(cache.get('k')).toBeUndefined();
  });

  it('counts hits and misses and never caches a failure', async () => {
    const cache = new CountedCache<string>({ name: 'enhance', max: 10, ttlMs: 0 });
    await expect(
      cache.getOrLoad('k', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await cache.getOrLoad('k', async () => 'v')).toBe('v');
    expect(await cache.getOrLoad('k', async () => 'other')).toBe('v');
    expect(cache.stats()).toEqual({ name: 'enhance', hits: 1, misses: 2, size: 1, hitRatio: 1 / 3 });
  });

  it('bounds total size when given a size function', () => {
    const cache = new CountedCache<string>({ name: 't', max: 100, ttlMs: 0, maxSize: 10, sizeOf: (v) => (v as string).length });
    cache.set('a', '12345');
    cache.set('b', '12345');
    cache.set('c', '12345');
    expect(cache.size).toBe(2);
  });
});

describe('CountedCache.getOrLoad', () => {
  it('shares one load among concurrent misses for the same key', async () => {
    const cache = new CountedCache<string>({ name: 'enhance', max: 10, ttlMs: 0 });
    let loads = 0;
    let release!: (value: string) => void;
    const load = (): Promise<string> => {
      loads += 1;
      return new Promise<string>((r) => (release = r));
    };
    const calls = Array.from({ length: 100 }, () => cache.getOrLoad('k', load));
    release('v');
    expect(await Promise.all(calls)).toEqual(Array(100).fill('v'));
    expect(loads).toBe(1);
    await expect(cache.getOrLoad('k', load)).resolves.toBe('v');
    expect(loads).toBe(1);
  });

  it('lets the next caller retry after a shared load failed', async () => {
    const cache = new CountedCache<string>({ name: 'enhance', max: 10, ttlMs: 0 });
    const failing = Promise.all([
      cache.getOrLoad('k', async () => {
        throw new Error('down');
      }),
      cache.getOrLoad('k', async () => 'never'),
    ]);
    await expect(failing).rejects.toThrow('down');
    await expect(cache.getOrLoad('k', async () => 'up')).resolves.toBe('up');
  });
});
