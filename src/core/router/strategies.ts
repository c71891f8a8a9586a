import type { Random } from '../util/random.ts';
import type { Strategy, Target } from './catalogue.ts';

export interface StrategyContext {
  readonly random: Random;
  /** Observed mean latency of a target, or null before any sample. */
  readonly latencyMs: (target: Target) => number | null;
  /** Price per image of a target, or undefined when unknown. */
  readonly priceUsd: (target: Target) => number | undefined;
  /** Chance to try a random target first under the latency strategy, so stale averages get refreshed. */
  readonly explorationRate: number;
}

/**
 * Orders the targets for one job. The last-resort target always stays last,
 * whatever the strategy.
 */
export function orderTargets(strategy: Strategy, targets: readonly Target[], context: StrategyContext): Target[] {
  const main = targets.filter((t) => !t.lastResort);
  const tail = targets.filter((t) => t.lastResort);
  return [...orderMain(strategy, main, context), ...tail];
}

function orderMain(strategy: Strategy, targets: readonly Target[], context: StrategyContext): Target[] {
  const stable = [...targets].map((target, index) => ({ target, index }));
  switch (strategy) {
    case 'priority':
      return stable.sort((a, b) => a.target.priority - b.target.priority || a.index - b.index).map((x) => x.target);
    case 'cost':
      return stable
        .sort((a, b) => (context.priceUsd(a.target) ?? Infinity) - (context.priceUsd(b.target) ?? Infinity) || a.index - b.index)
        .map((x) => x.target);
    case 'weighted':
      return weightedShuffle(targets, context.random);
    case 'latency': {
      const sorted = stable
        .sort((a, b) => latencyRank(context.latencyMs(a.target)) - latencyRank(context.latencyMs(b.target)) || a.index - b.index)
        .map((x) => x.target);
      if (sorted.length > 1 && context.random() < context.explorationRate) {
        const pick = 1 + Math.floor(context.random() * (sorted.length - 1));
        const [explored] = sorted.splice(pick, 1);
        sorted.unshift(explored!);
      }
      return sorted;
    }
  }
}

// Unmeasured targets go first so they get measured.
const latencyRank = (latency: number | null): number => (latency === null ? -1 : latency);

/** Weighted random order without replacement (Efraimidis–Spirakis keys). */
function weightedShuffle(targets: readonly Target[], random: Random): Target[] {
  return targets
    .map((target) => ({ target, key: target.weight <= 0 ? -Infinity : Math.log(Math.max(random(), Number.MIN_VALUE)) / target.weight }))
    .sort((a, b) => b.key - a.key)
    .map((x) => x.target);
}
