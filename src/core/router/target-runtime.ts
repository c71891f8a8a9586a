import { bulkhead, type BulkheadPolicy } from 'cockatiel';
import { TargetBreaker, type SavedBreaker, type TargetBreakerOptions } from '../resilience/target-breaker.ts';
import { TargetMetrics } from '../metrics/target-metrics.ts';
import { targetId, type Target } from './catalogue.ts';
import type { RouterEvent } from './router.ts';

export interface BulkheadLimits {
  /** Calls running at once on the target. */
  readonly maxConcurrent: number;
  /** Calls waiting for a slot; past this the target is skipped as overloaded. */
  readonly maxQueued: number;
}

/** The live state the router keeps for one target: breaker, bulkhead and metrics. */
export class TargetRuntime {
  readonly id: string;
  readonly provider: string;
  readonly model: string;
  readonly breaker: TargetBreaker;
  readonly bulkhead: BulkheadPolicy;
  readonly metrics = new TargetMetrics();
  readonly limits: BulkheadLimits;
  /** The provider identity (hashed key and endpoints) this breaker's state belongs to. */
  readonly identity: string;

  constructor(
    target: Pick<Target, 'provider' | 'model'>,
    breakerOptions: TargetBreakerOptions,
    limits: BulkheadLimits,
    saved: SavedBreaker | undefined,
    identity = '',
  ) {
    this.id = targetId(target);
    this.identity = identity;
    this.provider = target.provider;
    this.model = target.model;
    this.breaker = new TargetBreaker(breakerOptions, saved);
    this.limits = limits;
    this.bulkhead = bulkhead(limits.maxConcurrent, limits.maxQueued);
  }

  /** Feeds the target's passive health from one router event. */
  record(event: RouterEvent, now: number): void {
    const m = this.metrics;
    switch (event.type) {
      case 'attempt-end':
        if (event.attempt.outcome === 'success') {
          m.recordSuccess(event.attempt.durationMs, event.attempt.costUsd);
          m.lastSuccessAt = now;
        } else if (event.attempt.outcome === 'failure')
          m.recordFailure(event.attempt.errorCode ?? 'internal', event.attempt.detail ?? '', now, event.countsAsRequest);
        break;
      case 'retry':
        m.retries += 1;
        break;
      case 'fallback':
        m.fallbacks += 1;
        break;
      case 'hedge':
        if (event.won) m.hedgesWon += 1;
        else m.hedgesLost += 1;
        break;
      case 'attempt-start':
        break;
    }
  }

  get queued(): number {
    return this.limits.maxQueued - this.bulkhead.queueSlots;
  }

  get running(): number {
    return this.limits.maxConcurrent - this.bulkhead.executionSlots;
  }
}
