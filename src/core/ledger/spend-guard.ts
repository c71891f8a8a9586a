import type { ImageRequest } from '../contract/image-request.ts';
import { MotifError } from '../errors/motif-error.ts';
import type { CostLedger } from './cost-ledger.ts';

/** One target of a model's route, as the spend guard needs to see it. */
export interface PricedTarget {
  readonly provider: string;
  readonly model: string;
  /** Enabled and, when it needs one, has a key: a job could use it now. */
  readonly usable: boolean;
  /** A paid provider (any but the offline engine), enabled and holding a key: a job sent now could cost money. */
  readonly chargesNow: boolean;
  /** Price of `request` on this target in USD; undefined when unknown. */
  estimateUsd(request: ImageRequest): number | undefined;
}

export interface SpendGuardOptions {
  readonly ledger: CostLedger;
  /** Today's cap in USD; 0 means no cap. */
  readonly dailyCapUsd: () => number;
  /** The targets of a model's route, first choice first; throws `invalid_request` for an unknown model. */
  readonly route: (model: string) => readonly PricedTarget[];
  /** Estimates by target, size and count (the engine's `cost-estimates` cache). */
  readonly estimates: {
    get(key: string): { usd: number | undefined } | undefined;
    set(key: string, value: { usd: number | undefined }): void;
  };
}

/**
 * What a job may spend: the estimate shown before it runs (its first usable
 * target's price, cached) and the daily cap, checked before a paid job starts.
 */
export class SpendGuard {
  readonly #options: SpendGuardOptions;

  constructor(options: SpendGuardOptions) {
    this.#options = options;
  }

  /** The estimated cost of a request on its first usable target; unknown stays unknown. */
  estimate(request: ImageRequest): { estimatedCostUsd?: number } {
    try {
      const target = this.#options.route(request.model).find((t) => t.usable);
      if (!target) return {};
      const key = `${target.provider}/${target.model}/${request.width}x${request.height}/${request.count}`;
      let cached = this.#options.estimates.get(key);
      if (!cached) {
        cached = { usd: target.estimateUsd(request) };
        this.#options.estimates.set(key, cached);
      }
      return cached.usd === undefined ? {} : { estimatedCostUsd: cached.usd };
    } catch (error) {
      // An unknown model is the caller's mistake; anything else only means no estimate.
      if (error instanceof MotifError && error.code === 'invalid_request') throw error;
      return {};
    }
  }

  /** Blocks new paid jobs once today's spend reaches the cap; the offline engine stays available. */
  check(request: ImageRequest): void {
    this.checkPaid(() => this.#options.route(request.model).some((t) => t.chargesNow));
  }

  /** {@link check} for work whose targets the caller knows (a tool): `paid` says whether it could cost money. */
  checkPaid(isPaid: () => boolean): void {
    const cap = this.#options.dailyCapUsd();
    const today = this.#options.ledger.today();
    // Spend that could not be read back (a damaged ledger) counts as at the cap: never spend past it blind.
    if (cap <= 0 || (today.totalUsd < cap && today.uncertain !== true)) return;
    const paid = isPaid();
    if (paid && today.uncertain === true)
      throw new MotifError('budget_exceeded', {
        message: `Part of today’s spend could not be read from the ledger, so the $${cap.toFixed(2)} cap holds paid providers today. Choose the offline engine, or clear the cap in Settings.`,
      });
    if (paid)
      throw new MotifError('budget_exceeded', {
        message: `Today’s spend has reached the $${cap.toFixed(2)} cap. Choose the offline engine or raise the cap in Settings.`,
      });
  }
}
