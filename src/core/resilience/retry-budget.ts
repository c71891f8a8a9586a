export interface RetryBudgetOptions {
  /** Retries allowed as a fraction of first attempts in the window. */
  readonly ratio: number;
  /** Retries always allowed in a window, so a quiet app can still retry. */
  readonly minRetries: number;
  readonly windowMs: number;
  readonly now: () => number;
}

export const DEFAULT_RETRY_BUDGET: Omit<RetryBudgetOptions, 'now'> = { ratio: 0.2, minRetries: 10, windowMs: 10_000 };

/**
 * Caps retries at a fraction of real traffic, so that during an outage
 * retries cannot multiply the load on a struggling provider.
 */
export class RetryBudget {
  readonly #options: RetryBudgetOptions;
  #windowStart = 0;
  #requests = 0;
  #retries = 0;

  constructor(options: RetryBudgetOptions) {
    this.#options = options;
  }

  recordRequest(): void {
    this.#roll();
    this.#requests += 1;
  }

  /** Takes one retry from the budget; false when it is spent. */
  tryRetry(): boolean {
    this.#roll();
    if (this.#retries >= Math.max(this.#options.minRetries, this.#options.ratio * this.#requests)) return false;
    this.#retries += 1;
    return true;
  }

  #roll(): void {
    const now = this.#options.now();
    if (now - this.#windowStart >= this.#options.windowMs) {
      this.#windowStart = now;
      this.#requests = 0;
      this.#retries = 0;
    }
  }
}
