import { describe, expect, it } from 'vitest';
import { TargetMetrics } from './target-metrics.ts';

const feed = (metrics: TargetMetrics, latencyMs: number, times: number): void => {
  for (let i = 0; i < times; i += 1) metrics.recordSuccess(latencyMs, undefined);
};

describe('TargetMetrics', () => {
  it('keeps its latency window and sparkline bounded over a long run', () => {
    const metrics = new TargetMetrics();
    for (let i = 0; i < 10_000; i += 1) metrics.recordSuccess(100 + (i % 7), 0.001);
    expect(metrics.requests).toBe(10_000);
    expect(metrics.latency.count).toBe(200);
    const summary = metrics.latencySummary();
    expect(summary.recentMs).toHaveLength(60);
    expect(summary.avgMs).toBeGreaterThanOrEqual(100);
    expect(summary.avgMs).toBeLessThanOrEqual(106);
    expect(metrics.costUsd).toBeCloseTo(10, 6);
  });

  it('reports no success rate before traffic, then the share of recent calls that succeeded', () => {
    const metrics = new TargetMetrics();
    expect(metrics.successRate()).toBeNull();
    metrics.recordSuccess(50, undefined);
    metrics.recordSuccess(50, undefined);
    metrics.recordFailure('upstream_unavailable', 'down', 1, true);
    metrics.recordFailure('upstream_unavailable', 'down', 2, true);
    expect(metrics.successRate()).toBe(0.5);
    expect(metrics.failures).toBe(2);
    expect(metrics.lastError).toEqual({ code: 'upstream_unavailable', message: 'down', at: 2 });
  });

  it('notes a failure that is not the provider’s fault without counting it against the target', () => {
    const metrics = new TargetMetrics();
    metrics.recordSuccess(50, undefined);
    metrics.recordFailure('cancelled', 'The generation was cancelled.', 5, false);
    expect(metrics.requests).toBe(1);
    expect(metrics.failures).toBe(0);
    expect(metrics.successRate()).toBe(1);
    expect(metrics.lastError?.code).toBe('cancelled');
  });

  it('offers a hedge delay (p90) only after enough samples', () => {
    const metrics = new TargetMetrics();
    for (let i = 1; i <= 9; i += 1) metrics.recordSuccess(i * 10, undefined);
    expect(metrics.hedgeDelayMs()).toBeNull();
    metrics.recordSuccess(100, undefined);
    expect(metrics.hedgeDelayMs()).toBe(90);
  });

  it('is degraded when clearly slower than its own baseline', () => {
    const metrics = new TargetMetrics();
    feed(metrics, 100, 100);
    expect(metrics.degraded()).toBe(false);
    feed(metrics, 1000, 10);
    expect(metrics.degraded()).toBe(true);
  });

  it('is not degraded when it is always slow: the baseline is its own normal', () => {
    const metrics = new TargetMetrics();
    feed(metrics, 8000, 200);
    expect(metrics.degraded()).toBe(false);
  });

  it('ignores a relative jump that is small in absolute terms', () => {
    const metrics = new TargetMetrics();
    feed(metrics, 10, 100);
    feed(metrics, 60, 10); // six times slower, but only 50 ms: nobody notices
    expect(metrics.degraded()).toBe(false);
  });

  it('needs ten samples before judging latency', () => {
    const metrics = new TargetMetrics();
    feed(metrics, 100, 1);
    feed(metrics, 5000, 8);
    expect(metrics.degraded()).toBe(false);
    feed(metrics, 5000, 1);
    expect(metrics.degraded()).toBe(true);
  });

  it('is degraded when most recent calls fail, and recovers as successes return', () => {
    const metrics = new TargetMetrics();
    feed(metrics, 100, 40);
    for (let i = 0; i < 20; i += 1) metrics.recordFailure('upstream_unavailable', 'down', i, true);
    expect(metrics.successRate()).toBe(30 / 50);
    expect(metrics.degraded()).toBe(true);
    feed(metrics, 100, 50);
    expect(metrics.degraded()).toBe(false);
  });
});
