import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { DataNotice } from '../contract/data-notice.ts';
import { BREAKER_MODES, type BreakerMode } from '../contract/service-types.ts';
import { MotifError } from '../errors/motif-error.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { setAsideUnreadable } from '../util/set-aside.ts';
import type { SavedBreaker, TargetBreaker } from './target-breaker.ts';

/** What TargetBreaker.toJSON writes; cockatiel's own part is checked for the fields it reads back. */
const savedBreakerSchema = z.object({
  mode: z.enum(BREAKER_MODES),
  policy: z
    .object({ ownState: z.object({ value: z.number() }).passthrough(), breakerState: z.unknown() })
    .passthrough()
    .optional(),
  retryAt: z.number().optional(),
  trips: z.number().int().nonnegative(),
  identity: z.string().optional(),
});

/** A target's breaker as the store sees it: its id, the provider identity it learned under, and the breaker. */
export interface StoredBreaker {
  readonly id: string;
  readonly identity: string;
  readonly breaker: Pick<TargetBreaker, 'toJSON'>;
}

/**
 * Breaker states across runs (`breakers.json`): read once at start, written
 * (atomically, one write at a time) whenever a breaker changes and at close.
 */
export class BreakerStore {
  readonly #path: string;
  #write: Promise<void> = Promise.resolve();

  constructor(path: string) {
    this.#path = path;
  }

  /**
   * Breaker states saved by the last run, entry by entry: one that does not look
   * like ours (another version, a hand edit) starts closed instead of stopping
   * the app. An unreadable file is kept aside and reported.
   */
  async load(now: number, notices: DataNotice[]): Promise<Record<string, SavedBreaker>> {
    const saved: Record<string, SavedBreaker> = {};
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(this.#path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return saved;
      let kept = '';
      try {
        kept = `; it was kept as ${setAsideUnreadable(this.#path, now)}`;
      } catch {
        // A read-only folder: leave it where it is.
      }
      notices.push({
        file: 'breakers.json',
        message: `Saved provider breaker states could not be read${kept}. Every provider starts ready.`,
      });
      return saved;
    }
    for (const [id, entry] of Object.entries(typeof raw === 'object' && raw !== null ? raw : {})) {
      const parsed = savedBreakerSchema.safeParse(entry);
      if (parsed.success) saved[id] = parsed.data as SavedBreaker;
    }
    return saved;
  }

  /** Writes every breaker's state after the writes already queued. Never rejects: a failed write (unwritable folder) is dropped. */
  save(breakers: readonly StoredBreaker[]): Promise<void> {
    const snapshot = Object.fromEntries(breakers.map((b) => [b.id, { ...b.breaker.toJSON(), identity: b.identity }]));
    this.#write = this.#write.then(() => writeFileAtomic(this.#path, JSON.stringify(snapshot), { sync: false })).catch(() => undefined);
    return this.#write;
  }
}

/** A breaker of one target, and how to make one for a target never routed yet. */
export interface BreakerRuntimes {
  runtimes(): readonly { readonly provider: string; readonly breaker: Pick<TargetBreaker, 'setMode'> }[];
  runtime(target: { readonly provider: string; readonly model: string }): { readonly breaker: Pick<TargetBreaker, 'setMode'> };
}

/**
 * Forces every breaker of a provider open or closed, or back to automatic. A
 * provider never routed yet still gets its breakers (one per model), so
 * forcing it open works before the first job.
 */
export function setProviderBreakerMode(
  runtimes: BreakerRuntimes,
  provider: { readonly id: string; models(): readonly { readonly id: string }[] } | undefined,
  providerId: string,
  mode: BreakerMode,
): void {
  if (!provider) throw new MotifError('not_found', { param: 'provider', message: `No provider ${String(providerId)}.` });
  const breakers = runtimes
    .runtimes()
    .filter((r) => r.provider === providerId)
    .map((r) => r.breaker);
  if (breakers.length === 0)
    for (const model of provider.models()) breakers.push(runtimes.runtime({ provider: providerId, model: model.id }).breaker);
  for (const breaker of breakers) breaker.setMode(mode);
}
