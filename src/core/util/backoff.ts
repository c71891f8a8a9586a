import { ExponentialBackoff, noJitterGenerator, type GeneratorFn, type IBackoff, type IBackoffFactory } from 'cockatiel';
import type { Random } from './random.ts';

/** An exponential backoff's settings. */
export interface BackoffOptions {
  /** Ceiling of the first delay. */
  readonly baseMs: number;
  /** No delay ever exceeds this. */
  readonly capMs: number;
}

/**
 * The one backoff, as cockatiel's `IBackoff`: exponential with full jitter, a
 * uniform delay in `[0, min(cap, base·2^n))` for the n-th wait (from 0), drawn
 * from the injected randomness so tests are exact. Full jitter spreads the
 * retries of many clients after a shared outage, so they do not arrive in lockstep.
 * Walk it with `.next()`: each backoff gives the following one.
 */
export function fullJitterBackoff(options: BackoffOptions, random: Random): IBackoffFactory<unknown> {
  const generator: GeneratorFn<number> = (state, settings) => {
    const [ceiling, next] = noJitterGenerator(state, settings);
    return [Math.floor(random() * ceiling), next];
  };
  return new ExponentialBackoff({ generator, initialDelay: options.baseMs, maxDelay: options.capMs });
}

/** Exponential without jitter, `min(cap, base·2^n)`: the breaker's growing cooldown, which the UI counts down. */
export function growingBackoff(options: BackoffOptions): IBackoffFactory<unknown> {
  return new ExponentialBackoff({ generator: noJitterGenerator, initialDelay: options.baseMs, maxDelay: options.capMs });
}

/** The next backoff of a chain: the factory's first when the chain has not started. */
export function nextBackoff(factory: IBackoffFactory<unknown>, previous: IBackoff<unknown> | undefined): IBackoff<unknown> {
  return previous === undefined ? factory.next(undefined) : previous.next(undefined);
}
