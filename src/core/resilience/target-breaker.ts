import {
  BrokenCircuitError,
  CircuitState,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IBackoffFactory,
  type IHalfOpenAfterBackoffContext,
} from 'cockatiel';
import { isMotifError } from '../errors/motif-error.ts';
import type { BreakerMode } from '../contract/service-types.ts';
import { growingBackoff, nextBackoff } from '../util/backoff.ts';
import { FailureRateBreaker } from './failure-rate-breaker.ts';

export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export interface TargetBreakerOptions {
  /** Failure ratio in the window that trips the breaker. */
  readonly failureThreshold: number;
  readonly windowMs: number;
  readonly minimumRequests: number;
  readonly consecutiveFailures: number;
  /** First cooldown before a probe; doubles with each trip in a row up to `maxCooldownMs`. */
  readonly cooldownMs: number;
  readonly maxCooldownMs: number;
  /** Probes admitted at once while half-open. */
  readonly halfOpenProbes: number;
  /** The injected clock's time: the cooldown and the failure window are timed on it alone. */
  readonly now: () => number;
}

export const DEFAULT_BREAKER_OPTIONS: Omit<TargetBreakerOptions, 'now'> = {
  failureThreshold: 0.5,
  windowMs: 60_000,
  minimumRequests: 6,
  consecutiveFailures: 5,
  cooldownMs: 5_000,
  maxCooldownMs: 120_000,
  halfOpenProbes: 1,
};

export interface SavedBreaker {
  readonly mode: BreakerMode;
  readonly policy: unknown;
  readonly retryAt: number | undefined;
  readonly trips: number;
  /** The provider identity (key and endpoints, hashed) the state was learned under; see ProviderRegistry.identity. */
  readonly identity?: string;
}

/**
 * The breaker's cooldown as cockatiel's `IBackoff`: it grows with each trip in a
 * row (`growingBackoff`) and reports each new length so the UI can count down.
 * cockatiel times `duration` on `Date.now()`, which would leak past the injected
 * clock, so it is handed a zero wait; TargetBreaker times the real cooldown on
 * the injected clock (`retryAt`) and refuses calls before it.
 */
class InjectedClockCooldown implements IBackoff<IHalfOpenAfterBackoffContext> {
  readonly duration = 0;
  readonly #factory: IBackoffFactory<unknown>;
  readonly #step: IBackoff<unknown> | undefined;
  readonly #onNext: (cooldownMs: number) => void;
  constructor(factory: IBackoffFactory<unknown>, step: IBackoff<unknown> | undefined, onNext: (cooldownMs: number) => void) {
    this.#factory = factory;
    this.#step = step;
    this.#onNext = onNext;
  }
  next(): IBackoff<IHalfOpenAfterBackoffContext> {
    const step = nextBackoff(this.#factory, this.#step);
    this.#onNext(step.duration);
    return new InjectedClockCooldown(this.#factory, step, this.#onNext);
  }
}

/**
 * One circuit breaker per target (provider + model), built on cockatiel's
 * CircuitBreakerPolicy. Only errors whose registry entry says `breakerFailure`
 * count, so a bad prompt never opens a circuit. Half-open admits a bounded
 * number of probes; callers ask `canAttempt()` first and skip the target rather
 * than queue behind a probe.
 */
export class TargetBreaker {
  readonly #options: TargetBreakerOptions;
  readonly #policy: CircuitBreakerPolicy;
  readonly #listeners = new Set<(state: BreakerState) => void>();
  #mode: BreakerMode = 'auto';
  #isolation: { dispose(): void } | undefined;
  #lastCooldownMs = 0;
  #retryAt: number | undefined;
  #openedAt: number | undefined;
  #probesInFlight = 0;
  #trips = 0;
  #lastRecoveryMs: number | undefined;
  readonly #transitions: { at: number; to: BreakerState }[] = [];

  constructor(options: TargetBreakerOptions, saved?: SavedBreaker) {
    this.#options = options;
    // A probe that is cancelled taught nothing about the target: count it as a failed probe
    // (open again) rather than, as cockatiel would for an unhandled error, a success that closes the circuit.
    const isFailure = (error: unknown): boolean =>
      isMotifError(error) && (error.spec.breakerFailure || (error.code === 'cancelled' && this.#policy.state === CircuitState.HalfOpen));
    this.#policy = circuitBreaker(handleWhen(isFailure), {
      breaker: new FailureRateBreaker({
        threshold: options.failureThreshold,
        windowMs: options.windowMs,
        minimumRequests: options.minimumRequests,
        consecutiveFailures: options.consecutiveFailures,
        now: options.now,
      }),
      halfOpenAfter: new InjectedClockCooldown(
        growingBackoff({ baseMs: options.cooldownMs, capMs: options.maxCooldownMs }),
        undefined,
        (cooldownMs) => (this.#lastCooldownMs = cooldownMs),
      ),
      halfOpenSampling: { calls: options.halfOpenProbes, threshold: 0 },
      ...(saved?.policy === undefined ? {} : { initialState: saved.policy }),
    });
    if (saved) {
      this.#retryAt = saved.retryAt;
      this.#trips = saved.trips;
      if (saved.mode !== 'auto') this.setMode(saved.mode);
    }
    this.#policy.onStateChange((state) => this.#onStateChange(state));
  }

  get mode(): BreakerMode {
    return this.#mode;
  }

  get state(): BreakerState {
    if (this.#mode === 'forced-closed') return 'closed';
    switch (this.#policy.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.Open:
        return 'open';
      case CircuitState.HalfOpen:
        return 'half-open';
      default:
        return 'isolated';
    }
  }

  /** When an open breaker will admit a probe (epoch ms). */
  get retryAt(): number | undefined {
    return this.state === 'open' ? this.#retryAt : undefined;
  }

  get trips(): number {
    return this.#trips;
  }

  get lastRecoveryMs(): number | undefined {
    return this.#lastRecoveryMs;
  }

  get transitions(): readonly { at: number; to: BreakerState }[] {
    return this.#transitions;
  }

  /** Whether a call may go to this target now (a probe slot counts when half-open). */
  canAttempt(): boolean {
    switch (this.state) {
      case 'closed':
        return true;
      case 'isolated':
        return false;
      case 'open':
        return this.#retryAt !== undefined && this.#options.now() >= this.#retryAt && this.#probesInFlight < this.#options.halfOpenProbes;
      case 'half-open':
        return this.#probesInFlight < this.#options.halfOpenProbes;
    }
  }

  /** Why the target is not attemptable, in words. */
  describeBlock(): string {
    if (this.state === 'isolated') return 'circuit held open by hand';
    if (this.state === 'half-open' || (this.state === 'open' && this.#retryAt !== undefined && this.#options.now() >= this.#retryAt))
      return 'circuit half-open, probe already in flight';
    const seconds = this.#retryAt === undefined ? undefined : Math.max(0, Math.ceil((this.#retryAt - this.#options.now()) / 1000));
    return seconds === undefined ? 'circuit open' : `circuit open, retry in ${seconds} s`;
  }

  async execute<T>(fn: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
    if (this.#mode === 'forced-closed') return fn(signal);
    // The cooldown is kept on the injected clock (cockatiel would let the call through at once; see InjectedClockCooldown).
    if (this.state === 'open' && (this.#retryAt === undefined || this.#options.now() < this.#retryAt)) throw new BrokenCircuitError();
    const probing = this.state !== 'closed';
    if (probing) this.#probesInFlight += 1;
    try {
      return await this.#policy.execute(({ signal: inner }) => fn(inner), signal);
    } finally {
      if (probing) this.#probesInFlight -= 1;
    }
  }

  setMode(mode: BreakerMode): void {
    this.#isolation?.dispose();
    this.#isolation = undefined;
    this.#mode = mode;
    if (mode === 'forced-open') this.#isolation = this.#policy.isolate();
    this.#emit();
  }

  onChange(listener: (state: BreakerState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  toJSON(): SavedBreaker {
    return { mode: this.#mode, policy: this.#policy.toJSON(), retryAt: this.#retryAt, trips: this.#trips };
  }

  #onStateChange(state: CircuitState): void {
    const now = this.#options.now();
    if (state === CircuitState.Open) {
      this.#trips += 1;
      this.#openedAt ??= now;
      this.#retryAt = now + this.#lastCooldownMs;
    } else if (state === CircuitState.Closed) {
      if (this.#openedAt !== undefined) this.#lastRecoveryMs = now - this.#openedAt;
      this.#openedAt = undefined;
      this.#retryAt = undefined;
    }
    this.#emit();
  }

  #emit(): void {
    const state = this.state;
    this.#transitions.push({ at: this.#options.now(), to: state });
    if (this.#transitions.length > 20) this.#transitions.shift();
    for (const listener of this.#listeners) listener(state);
  }
}
