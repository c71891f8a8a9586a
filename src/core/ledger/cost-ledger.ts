import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../util/atomic-write.ts';

const daySchema = z.object({ byProvider: z.record(z.string(), z.number().nonnegative()), unknownPriced: z.number().int().nonnegative() });
const ledgerSchema = z.object({ days: z.record(z.string(), daySchema) });
type Day = z.infer<typeof daySchema>;

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
      if (parsed.success) ledger.#days = parsed.data.days;
    } catch {
      // Missing or corrupt: start a fresh ledger rather than block generation.
    }
    return ledger;
  }

  record(provider: string, costUsd: number | undefined, images: number): void {
    const day = this.#today();
    if (costUsd === undefined) day.unknownPriced += images;
    else day.byProvider[provider] = (day.byProvider[provider] ?? 0) + costUsd;
    this.#prune();
    this.#persist();
  }

  today(): { totalUsd: number; byProvider: Record<string, number>; unknownPriced: number } {
    const day = this.#days[dayKey(this.#now())] ?? { byProvider: {}, unknownPriced: 0 };
    return { totalUsd: Object.values(day.byProvider).reduce((a, b) => a + b, 0), byProvider: { ...day.byProvider }, unknownPriced: day.unknownPriced };
  }

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
    this.#writing = this.#writing.catch(() => undefined).then(() => writeFileAtomic(this.#path, snapshot, { sync: false }));
  }
}

/** Local calendar day, since "spend today" is the designer's today. */
export function dayKey(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
