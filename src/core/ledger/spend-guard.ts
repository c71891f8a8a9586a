import type { ImageRequest } from '../contract/image-request.ts';
import type { CostQuote } from '../contract/service-types.ts';
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

  /**
   * Refuses, before it starts, a paid job that today's cap does not leave
   * room for: once spend has reached the cap (`budget_exceeded`), or when the
   * job's estimate would take it past the cap (`budget_would_exceed`). The
   * offline engine is never capped.
   */
  check(request: ImageRequest): void {
    const refusal = this.refusal(request);
    if (refusal) throw refusal;
  }

  /**
   * {@link check} for work whose targets the caller knows (a tool): `isPaid`
   * says whether it could cost money, `estimateUsd` what it would cost when known.
   */
  checkPaid(isPaid: () => boolean, estimateUsd?: number): void {
    const refusal = this.refusalPaid(isPaid, estimateUsd);
    if (refusal) throw refusal;
  }

  /** What {@link checkPaid} would throw, or undefined when the work may start: a tool's estimate shows it first. */
  refusalPaid(isPaid: () => boolean, estimateUsd?: number): MotifError | undefined {
    return this.#refuse(isPaid, () => estimateUsd);
  }

  /** The Generate button's estimate: price on the provider the job would start on, today's spend and the cap's verdict. */
  quote(request: ImageRequest): CostQuote {
    const provider = this.#options.route(request.model).find((t) => t.usable)?.provider;
    const refusal = this.refusal(request);
    return {
      ...this.estimate(request),
      ...(provider === undefined ? {} : { provider }),
      spentTodayUsd: this.#options.ledger.today().totalUsd,
      capUsd: this.#options.dailyCapUsd(),
      ...(refusal === undefined ? {} : { refusal: refusal.toJSON() }),
    };
  }

  /** What `check` would throw for this request, or undefined when the job may start. */
  refusal(request: ImageRequest): MotifError | undefined {
    return this.#refuse(
      () => {
        const route = this.#options.route(request.model);
        const first = route.find((t) => t.usable);
        // Only a job that would start on a paid provider can spend; one that starts offline is never capped.
        return route.some((t) => t.chargesNow) && (first === undefined || first.chargesNow);
      },
      () => this.estimate(request).estimatedCostUsd,
    );
  }

  #refuse(isPaid: () => boolean, estimateUsd: () => number | undefined): MotifError | undefined {
    const cap = this.#options.dailyCapUsd();
    if (cap <= 0 || !isPaid()) return undefined;
    const today = this.#options.ledger.today();
    const capText = formatUsd(cap);
    // Spend that could not be read back (a damaged ledger) counts as at the cap: never spend past it blind.
    if (today.uncertain === true)
      return new MotifError('budget_exceeded', {
        message: `Part of today’s spend could not be read from the ledger, so the ${capText} cap holds paid providers today. Choose the offline engine, or clear the cap in Settings.`,
      });
    if (today.totalUsd >= cap)
      return new MotifError('budget_exceeded', {
        message: `Today’s spend (${formatUsd(today.totalUsd)}) has reached the ${capText} cap. Choose the offline engine or raise the cap in Settings.`,
      });
    const estimate = estimateUsd();
    if (estimate !== undefined && today.totalUsd + estimate > cap)
      return new MotifError('budget_would_exceed', {
        param: 'budget.dailyCapUsd',
        message: `This job would cost about ${formatUsd(estimate)}; with ${formatUsd(today.totalUsd)} spent today that passes the ${capText} daily cap, so it did not start. Run it offline, or raise the cap in Settings.`,
      });
    return undefined;
  }
}

/** Dollars with enough digits for fractions of a cent (`$0.0026`, `$0.001`, `$5.00`). */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  return `$${Number(usd.toPrecision(2))}`;
}
