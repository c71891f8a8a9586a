import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../util/atomic-write.ts';

const daySchema = z.object({ byProvider: z.record(z.string(), z.number().nonnegative()), unknownPriced: z.number().int().nonnegative() });
const ledgerSchema = z.object({ days: z.record(z.string(), z.unknown()) });
type Day = z.infer<typeof daySchema>;
const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;

const KEEP_DAYS = 90;

/**
 * Spend per day and per provider. A price the provider did not report and we
 * do not know is counted as "unknown", never as $0.
 */
export class CostLedger {
  readonly #path: string;
  readonly #now: () => number;
  #days: Record<string, Day> = {};
  #writing: Promise<void> = Promise.resolve();

  private constructor(path: string, now: () => number) {
    this.#path = path;
    this.#now = now;
  }

  static async open(path: string, now: () => number): Promise<CostLedger> {
    const ledger = new CostLedger(path, now);
    try {
      const parsed = ledgerSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
      // Day by day, so one damaged day never costs the rest of the history (and today's spend against the cap).
      if (parsed.success) {
        for (const [key, value] of Object.entries(parsed.data.days)) {
          const day = daySchema.safeParse(value);
          if (DAY_KEY.test(key) && day.success) ledger.#days[key] = day.data;
        }
      }
    } catch {
      // Missing or corrupt: start a fresh ledger rather than block generation.
    }
    return ledger;
  }

  record(provider: string, costUsd: number | undefined, images: number): void {
    const day = this.#today();
    // A cost we cannot add up (NaN, negative) is unknown, not $0, and must never poison the saved file.
    if (costUsd === undefined || !Number.isFinite(costUsd) || costUsd < 0) day.unknownPriced += Math.max(0, Math.floor(images));
    else day.byProvider[provider] = (day.byProvider[provider] ?? 0) + costUsd;
    this.#prune();
    this.#persist();
  }

  today(): { totalUsd: number; byProvider: Record<string, number>; unknownPriced: number } {
    const day = this.#days[dayKey(this.#now())] ?? { byProvider: {}, unknownPriced: 0 };
    return { totalUsd: Object.values(day.byProvider).reduce((a, b) => a + b, 0), byProvider: { ...day.byProvider }, unknownPriced: day.unknownPriced };
  }

  /** Resolves once every recorded change has been written (or has failed to be; the next record rewrites it all). */
  flush(): Promise<void> {
    return this.#writing;
  }

  #today(): Day {
    const key = dayKey(this.#now());
    return (this.#days[key] ??= { byProvider: {}, unknownPriced: 0 });
  }

  #prune(): void {
    const keys = Object.keys(this.#days).sort();
    for (const key of keys.slice(0, Math.max(0, keys.length - KEEP_DAYS))) delete this.#days[key];
  }

  #persist(): void {
    const snapshot = JSON.stringify({ days: this.#days });
    // Never left rejected: nobody awaits this chain between records, so a failed write (disk full,
    // read-only folder) would otherwise be an unhandled rejection that takes the process down.
    this.#writing = this.#writing.then(() => writeFileAtomic(this.#path, snapshot, { sync: false })).catch(() => undefined);
  }
}

/** Local calendar day, since "spend today" is the designer's today. */
export function dayKey(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
