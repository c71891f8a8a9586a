import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { DataNotice } from '../contract/data-notice.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { setAsideUnreadable } from '../util/set-aside.ts';

const daySchema = z.object({ byProvider: z.record(z.string(), z.number().nonnegative()), unknownPriced: z.number().int().nonnegative() });
const legacySchema = z.object({ days: z.record(z.string(), z.unknown()) });
type Day = z.infer<typeof daySchema>;
const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;
const ANY_DAY = /\d{4}-\d{2}-\d{2}/;

/** One line of `ledger.jsonl`: spend in USD, or images whose price is unknown, for one provider on one day. */
const lineSchema = z.union([
  z.strictObject({ day: z.string().regex(DAY_KEY), provider: z.string().min(1).max(100), usd: z.number().nonnegative() }),
  z.strictObject({ day: z.string().regex(DAY_KEY), provider: z.string().min(1).max(100), unknownPriced: z.number().int().nonnegative() }),
]);
type Line = z.infer<typeof lineSchema>;

const KEEP_DAYS = 90;
/** The journal is rewritten as daily totals at open once it has more lines than this. */
const COMPACT_LINES = 5000;

/** What `today()` reports. */
export interface TodaySpend {
  readonly totalUsd: number;
  readonly byProvider: Record<string, number>;
  readonly unknownPriced: number;
  /** True when some of today's spend could not be read back: the daily cap then holds paid providers. */
  readonly uncertain?: true;
}

/**
 * Spend per day and per provider, as an append-only journal (`ledger.jsonl`):
 * each record is one line, so one torn or bad write costs that line and never
 * the history. A price the provider did not report and we do not know is
 * counted as "unknown", never as $0. Lines that cannot be read are kept, told
 * about (`notices`), and when they may be today's the spend counts as
 * uncertain, so a damaged ledger can never let spending pass the daily cap.
 * An older `ledger.json` snapshot is imported once and kept aside.
 */
export class CostLedger {
  readonly #path: string;
  readonly #now: () => number;
  #days: Record<string, Day> = {};
  /** Days on which some spend could not be read back. */
  readonly #uncertainDays = new Set<string>();
  /** Lines not yet on disk because a write failed; the next write retries them. */
  #unwritten: string[] = [];
  /** Set after a failed write, which may have left half a line: the next write starts on a new line. */
  #torn = false;
  #writing: Promise<void> = Promise.resolve();
  readonly notices: DataNotice[] = [];

  private constructor(path: string, now: () => number) {
    this.#path = path;
    this.#now = now;
  }

  /** Opens the journal at `path` (`…/ledger.jsonl`), importing a `ledger.json` beside it from older versions. */
  static async open(path: string, now: () => number): Promise<CostLedger> {
    const ledger = new CostLedger(path, now);
    await ledger.#importLegacy(join(dirname(path), 'ledger.json'));
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        // A folder or unreadable file where the ledger belongs: keep it, start a new journal, hold the cap today.
        const aside = existsSync(path) ? setAsideUnreadable(path, now()) : undefined;
        ledger.#uncertain(
          dayKey(now()),
          `The spend ledger could not be read (${code ?? 'error'})${aside ? `; it was kept as ${aside}` : ''}.`,
        );
      }
    }
    if (text !== undefined) await ledger.#replay(text);
    return ledger;
  }

  record(provider: string, costUsd: number | undefined, images: number): void {
    const key = dayKey(this.#now());
    const day = this.#day(key);
    let line: Line;
    // A cost we cannot add up (NaN, negative) is unknown, not $0, and must never poison the saved file.
    if (costUsd === undefined || !Number.isFinite(costUsd) || costUsd < 0) {
      const count = Math.max(0, Math.floor(images));
      day.unknownPriced += count;
      line = { day: key, provider, unknownPriced: count };
    } else {
      day.byProvider[provider] = (day.byProvider[provider] ?? 0) + costUsd;
      line = { day: key, provider, usd: costUsd };
    }
    this.#append([JSON.stringify(line)]);
  }

  today(): TodaySpend {
    const key = dayKey(this.#now());
    const day = this.#days[key] ?? { byProvider: {}, unknownPriced: 0 };
    return {
      totalUsd: Object.values(day.byProvider).reduce((a, b) => a + b, 0),
      byProvider: { ...day.byProvider },
      unknownPriced: day.unknownPriced,
      ...(this.#uncertainDays.has(key) ? { uncertain: true as const } : {}),
    };
  }

  /** Resolves once every recorded change has been written (or has failed to be; the next record retries it). */
  flush(): Promise<void> {
    return this.#writing;
  }

  #day(key: string): Day {
    return (this.#days[key] ??= { byProvider: {}, unknownPriced: 0 });
  }

  #add(line: Line): void {
    const day = this.#day(line.day);
    if ('usd' in line) day.byProvider[line.provider] = (day.byProvider[line.provider] ?? 0) + line.usd;
    else day.unknownPriced += line.unknownPriced;
  }

  #uncertain(key: string, message: string): void {
    this.#uncertainDays.add(key);
    this.notices.push({
      file: 'ledger.jsonl',
      message: `${message} Spend it held may be missing, so today the daily cap holds paid providers; the offline engine still works.`,
    });
  }

  async #replay(text: string): Promise<void> {
    const unreadable: string[] = [];
    let lines = 0;
    const today = dayKey(this.#now());
    let todayAffected = false;
    for (const raw of text.split('\n')) {
      if (raw.trim().length === 0) continue;
      lines++;
      const parsed = parseLine(raw);
      if (parsed !== undefined) {
        this.#add(parsed);
        continue;
      }
      unreadable.push(raw);
      // A line that names no day, or names today, may have been today's spend.
      const named = ANY_DAY.exec(raw)?.[0];
      if (named === undefined || named === today) todayAffected = true;
    }
    if (unreadable.length > 0) {
      const message = `${unreadable.length} line(s) of the spend ledger could not be read; they are kept in ledger.jsonl as they are.`;
      if (todayAffected) this.#uncertain(today, message);
      else this.notices.push({ file: 'ledger.jsonl', message: `${message} None of them is today's, so the daily cap is unaffected.` });
    }
    if (lines > COMPACT_LINES) await this.#compact(unreadable).catch(() => undefined);
  }

  /** Rewrites the journal as daily totals (the newest `KEEP_DAYS` days), unreadable lines kept verbatim. */
  async #compact(unreadable: readonly string[]): Promise<void> {
    const keys = Object.keys(this.#days).sort();
    for (const key of keys.slice(0, Math.max(0, keys.length - KEEP_DAYS))) delete this.#days[key];
    const out = [...unreadable];
    for (const [day, totals] of Object.entries(this.#days).sort(([a], [b]) => a.localeCompare(b))) {
      for (const [provider, usd] of Object.entries(totals.byProvider)) out.push(JSON.stringify({ day, provider, usd }));
      if (totals.unknownPriced > 0) out.push(JSON.stringify({ day, provider: 'unknown', unknownPriced: totals.unknownPriced }));
    }
    await writeFileAtomic(this.#path, out.map((line) => `${line}\n`).join(''));
  }

  /** Imports the snapshot file older versions wrote, day by day, then keeps it aside (never deleted). */
  async #importLegacy(legacyPath: string): Promise<void> {
    let text: string;
    try {
      text = await readFile(legacyPath, 'utf8');
    } catch {
      return;
    }
    const today = dayKey(this.#now());
    let parsed: z.infer<typeof legacySchema> | undefined;
    try {
      parsed = legacySchema.parse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    const lines: string[] = [];
    const damaged: string[] = [];
    for (const [key, value] of Object.entries(parsed?.days ?? {})) {
      const day = daySchema.safeParse(value);
      if (!DAY_KEY.test(key) || !day.success) {
        damaged.push(key);
        continue;
      }
      for (const [provider, usd] of Object.entries(day.data.byProvider)) lines.push(JSON.stringify({ day: key, provider, usd }));
      if (day.data.unknownPriced > 0) lines.push(JSON.stringify({ day: key, provider: 'unknown', unknownPriced: day.data.unknownPriced }));
    }
    try {
      await appendFile(this.#path, lines.map((line) => `${line}\n`).join(''));
    } catch {
      return; // Cannot write the journal (read-only folder): read the old file again next time.
    }
    const aside = setAsideUnreadable(legacyPath, this.#now());
    if (parsed === undefined) this.#uncertain(today, `The old spend ledger (ledger.json) could not be read; it was kept as ${aside}.`);
    else if (damaged.includes(today))
      this.#uncertain(today, `Today's entry in the old spend ledger could not be read; the file was kept as ${aside}.`);
    else if (damaged.length > 0)
      this.notices.push({
        file: 'ledger.json',
        message: `Spend for ${damaged.length} day(s) in the old ledger could not be read; the file was kept as ${aside}.`,
      });
  }

  #append(lines: readonly string[]): void {
    this.#unwritten.push(...lines);
    // Never left rejected: nobody awaits this chain between records, so a failed write (disk full,
    // read-only folder) would otherwise be an unhandled rejection that takes the process down.
    this.#writing = this.#writing
      .then(async () => {
        if (this.#unwritten.length === 0) return;
        const batch = this.#unwritten;
        this.#unwritten = [];
        try {
          // A leading newline ends any line a failed write tore, so this record never glues onto it.
          await appendFile(this.#path, `${this.#torn ? '\n' : ''}${batch.join('\n')}\n`);
          this.#torn = false;
        } catch (error) {
          this.#torn = true;
          this.#unwritten = [...batch, ...this.#unwritten];
          throw error;
        }
      })
      .catch(() => undefined);
  }
}

function parseLine(raw: string): Line | undefined {
  try {
    const parsed = lineSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Local calendar day, since "spend today" is the designer's today. */
export function dayKey(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
