import { LRUCache } from 'lru-cache';
import type { CacheStats } from '../contract/service-types.ts';

export interface CountedCacheOptions {
  readonly name: string;
  /** Most entries kept. */
  readonly max: number;
  /** Time to live in ms; 0 keeps entries until evicted. */
  readonly ttlMs: number;
  /** Approximate size bound (e.g. bytes or characters) with `sizeOf`. */
  readonly maxSize?: number;
  readonly sizeOf?: (value: unknown, key: string) => number;
  /** Injected time source so TTL tests need no waiting. */
  readonly now?: () => number;
}

/**
 * A bounded LRU with TTLs and hit/miss counters. Only successful values go in:
 * `getOrLoad` never caches a rejection.
 */
export class CountedCache<V extends NonNullable<unknown>> {
  readonly name: string;
  readonly #cache: LRUCache<string, V>;
  /** Loads in flight, so concurrent misses for one key make one upstream call. */
  readonly #loading = new Map<string, Promise<V>>();
  #hits = 0;
  #misses = 0;

  constructor(options: CountedCacheOptions) {
    this.name = options.name;
    const base = {
      max: options.max,
      ...(options.ttlMs > 0 ? { ttl: options.ttlMs, ttlAutopurge: false, ttlResolution: 0 } : {}),
      ...(options.now ? { perf: { now: options.now } } : {}),
    };
    this.#cache =
      options.maxSize !== undefined && options.sizeOf
        ? new LRUCache<string, V>({ ...base, maxSize: options.maxSize, sizeCalculation: (v, k) => Math.max(1, options.sizeOf!(v, k)) })
        : new LRUCache<string, V>(base);
  }

  get(key: string): V | undefined {
    const value = this.#cache.get(key);
    if (value === undefined) this.#misses += 1;
    else this.#hits += 1;
    return value;
  }

  /** Looks without counting, e.g. to check before a costlier path. */
  peek(key: string): V | undefined {
    return this.#cache.get(key, { updateAgeOnGet: false });
  }

  set(key: string, value: V): void {
    this.#cache.set(key, value);
  }

  delete(key: string): void {
    this.#cache.delete(key);
  }

  clear(): void {
    this.#cache.clear();
  }

  get size(): number {
    return this.#cache.size;
  }

  /**
   * Returns the cached value, or loads, caches and returns it. Concurrent
   * callers for the same key share one load. Failures are never cached.
   */
  async getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const pending = this.#loading.get(key);
    if (pending) return pending;
    const promise = load()
      .then((value) => {
        this.#cache.set(key, value);
        return value;
      })
      .finally(() => this.#loading.delete(key));
    this.#loading.set(key, promise);
    return promise;
  }

  stats(): CacheStats {
    const total = this.#hits + this.#misses;
    return {
      name: this.name,
      hits: this.#hits,
      misses: this.#misses,
      size: this.#cache.size,
      hitRatio: total === 0 ? null : this.#hits / total,
    };
  }
}
