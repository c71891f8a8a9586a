import { RollingWindow } from './rolling-window.ts';

const SPARKLINE = 60;

/**
 * Passive health of one target, fed only by router events. Every window is
 * bounded. "Degraded" means clearly worse than the target's own baseline.
 */
export class TargetMetrics {
  readonly latency = new RollingWindow(200);
  readonly #recentOutcomes = new RollingWindow(50);
  #baselineLatencyMs: number | null = null;
  requests = 0;
  failures = 0;
  retries = 0;
  fallbacks = 0;
  hedgesWon = 0;
  hedgesLost = 0;
  costUsd = 0;
  inFlight = 0;
  lastError: { code: string; message: string; at: number } | undefined;
  /** The last failure that counted against the target. */
  lastFailure: { code: string; at: number } | undefined;
  /** When the target last answered successfully (epoch ms). */
  lastSuccessAt: number | undefined;

  recordSuccess(durationMs: number, costUsd: number | undefined): void {
    this.requests += 1;
    this.latency.push(durationMs);
    this.#recentOutcomes.push(1);
    if (costUsd !== undefined) this.costUsd += costUsd;
    // A slow-moving baseline, so degradation is judged against the target's own normal.
    this.#baselineLatencyMs = this.#baselineLatencyMs === null ? durationMs : this.#baselineLatencyMs * 0.98 + durationMs * 0.02;
  }

  /**
   * A failed call. One that does not count (cancelled, or a timeout the target
   * had no fair chance to beat) is noted as the last error but leaves the
   * numbers, and the status drawn from them, alone.
   */
  recordFailure(code: string, message: string, at: number, countsAsRequest: boolean): void {
    this.lastError = { code, message, at };
    if (!countsAsRequest) return;
    this.lastFailure = { code, at };
    this.requests += 1;
    this.failures += 1;
    this.#recentOutcomes.push(0);
  }

  /** Share of recent calls that succeeded, or null with no traffic yet. */
  successRate(): number | null {
    return this.#recentOutcomes.mean();
  }

  /** p90 of observed latency, used to decide when to hedge; null until enough samples. */
  hedgeDelayMs(minSamples = 10): number | null {
    return this.latency.count >= minSamples ? this.latency.quantile(0.9) : null;
  }

  degraded(): boolean {
    const rate = this.successRate();
    if (rate !== null && this.#recentOutcomes.count >= 10 && rate < 0.75) return true;
    const recent = this.latency.toArray().slice(-10);
    if (recent.length < 10 || this.#baselineLatencyMs === null) return false;
    const recentMean = recent.reduce((a, b) => a + b, 0) / recent.length;
    return recentMean > 2 * this.#baselineLatencyMs && recentMean - this.#baselineLatencyMs > 250;
  }

  latencySummary(): { avgMs: number | null; p95Ms: number | null; recentMs: number[] } {
    const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);
    return {
      avgMs: round(this.latency.mean()),
      p95Ms: round(this.latency.quantile(0.95)),
      recentMs: this.latency
        .toArray()
        .slice(-SPARKLINE)
        .map((v) => Math.round(v)),
    };
  }
}
