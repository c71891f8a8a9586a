import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { keyCheckSchema, type KeyCheck } from '../contract/service-types.ts';
import type { DataNotice } from '../contract/data-notice.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { setAsideUnreadable } from '../util/set-aside.ts';

/** One line of `key-checks.json`: the verdict and the identity of the key it was reached for. */
const savedSchema = keyCheckSchema.extend({ identity: z.string().min(1).max(64) });
type Saved = z.infer<typeof savedSchema>;

export interface KeyChecksOptions {
  /** `<data>/key-checks.json`. */
  readonly path: string;
  /**
   * A provider's key identity: a short one-way hash of its key and addresses
   * (the same one breakers.json keeps), so a verdict applies only to the key it
   * was reached for, and the file never holds the key.
   */
  readonly identity: (provider: string) => string;
  readonly now: () => number;
}

/**
 * What the last check of each provider's key found, kept across restarts in
 * `key-checks.json` so a rejected key still shows as rejected tomorrow. A
 * verdict belongs to one key: once the key (or the address it is sent to)
 * changes, the provider's key counts as unchecked again. `unverified` (the
 * check could not reach the provider) is kept in memory only: it says nothing
 * lasting about the key.
 */
export class KeyChecks {
  readonly #options: KeyChecksOptions;
  readonly #saved = new Map<string, Saved>();
  #write: Promise<void> = Promise.resolve();

  private constructor(options: KeyChecksOptions) {
    this.#options = options;
  }

  /** Reads the verdicts of the last run; an unreadable file is kept aside, reported, and every key counts as unchecked. */
  static async open(options: KeyChecksOptions, notices: DataNotice[]): Promise<KeyChecks> {
    const checks = new KeyChecks(options);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(options.path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return checks;
      let kept = '';
      try {
        kept = `; it was kept as ${setAsideUnreadable(options.path, options.now())}`;
      } catch {
        // A read-only folder: leave it where it is.
      }
      notices.push({ file: 'key-checks.json', message: `Saved key checks could not be read${kept}. Keys will be checked again.` });
      return checks;
    }
    for (const [provider, entry] of Object.entries(typeof raw === 'object' && raw !== null ? raw : {})) {
      const parsed = savedSchema.safeParse(entry);
      if (parsed.success) checks.#saved.set(provider, parsed.data);
    }
    return checks;
  }

  /** The verdict on the provider's current key; undefined when that key was never checked. */
  get(provider: string): KeyCheck | undefined {
    const saved = this.#saved.get(provider);
    if (saved === undefined || saved.identity !== this.#options.identity(provider)) return undefined;
    const { identity: _identity, ...check } = saved;
    return check;
  }

  /** True while the provider's current key stands rejected: the router skips it (and says so) until the key changes. */
  isRejected(provider: string): boolean {
    return this.get(provider)?.verdict === 'rejected';
  }

  /** Records a verdict on the provider's current key. Never rejects: a failed write leaves the verdict in memory. */
  record(provider: string, verdict: KeyCheck['verdict'], message?: string): Promise<void> {
    const entry: Saved = {
      verdict,
      at: this.#options.now(),
      identity: this.#options.identity(provider),
      ...(message === undefined ? {} : { message }),
    };
    const before = this.#saved.get(provider);
    const sameKey = before !== undefined && before.identity === entry.identity;
    // "Could not check" says nothing about the key: it never overrides what a check of this key found.
    if (verdict === 'unverified' && sameKey && before.verdict !== 'unverified') return this.#write;
    this.#saved.set(provider, entry);
    // ...and it is news for now, not a fact to keep: only definite verdicts are written.
    if (verdict === 'unverified' || (sameKey && before.verdict === verdict && before.message === message)) return this.#write;
    const persistent = Object.fromEntries([...this.#saved].filter(([, saved]) => saved.verdict !== 'unverified'));
    this.#write = this.#write
      .then(() => writeFileAtomic(this.#options.path, JSON.stringify(persistent), { sync: false }))
      .catch(() => undefined);
    return this.#write;
  }

  /** Resolves once every recorded verdict is written (or failed to be). */
  flush(): Promise<void> {
    return this.#write;
  }
}
