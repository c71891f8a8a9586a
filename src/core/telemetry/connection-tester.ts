import type { CountedCache } from '../cache/counted-cache.ts';
import type { ImageProvider } from '../contract/image-provider.ts';
import { MotifError, toMotifError } from '../errors/motif-error.ts';
import type { Clock } from '../util/clock.ts';
import { raceAbort } from '../util/race-abort.ts';
import { deadlineScope } from '../util/deadline.ts';
import type { KeyChecks } from '../settings/key-checks.ts';
import type { TelemetryHub } from './telemetry-hub.ts';

/** What "Test connection" answers. */
export interface ConnectionTestResult {
  readonly ok: boolean;
  readonly latencyMs: number;
  readonly message: string | undefined;
}

/** How long a connection test may take. */
const CONNECTION_TEST_TIMEOUT_MS = 10_000;

export interface ConnectionTesterOptions {
  readonly clock: Clock;
  readonly provider: (id: string) => ImageProvider | undefined;
  /** Recent successful tests; a key or settings change clears it. */
  readonly cache: CountedCache<ConnectionTestResult>;
  readonly telemetry: Pick<TelemetryHub, 'recordCheck'>;
  /** Where what each check says about the provider's key is kept (a refusal marks the key rejected until it changes). */
  readonly keyChecks?: Pick<KeyChecks, 'record'> | undefined;
}

/** Codes by which a provider says the key itself is wrong; any other failure means the check could not tell. */
const KEY_REJECTED_CODES: ReadonlySet<string> = new Set(['auth_failed']);

/**
 * A cheap active probe (the provider's health check: an auth or model-list
 * call, never a paid generation), bounded by a timeout and cached briefly so
 * repeated clicks and metric polls do not hammer the provider. Every result
 * is recorded in the health telemetry.
 */
export class ConnectionTester {
  readonly #options: ConnectionTesterOptions;

  constructor(options: ConnectionTesterOptions) {
    this.#options = options;
  }

  async test(providerId: string, options: { readonly force?: boolean } = {}): Promise<ConnectionTestResult> {
    const { clock, cache } = this.#options;
    const provider = this.#options.provider(providerId);
    if (!provider) throw new MotifError('not_found', { param: 'provider', message: `No provider ${String(providerId)}.` });
    if (provider.requiresKey && !provider.hasKey()) return { ok: false, latencyMs: 0, message: 'No API key set.' };
    const cached = options.force ? undefined : cache.get(providerId);
    if (cached) return cached;
    const scope = deadlineScope({
      clock,
      deadline: clock.now() + CONNECTION_TEST_TIMEOUT_MS,
      reason: () =>
        new MotifError('upstream_timeout', {
          provider: provider.label,
          message: `${provider.label} did not answer the connection test within ${CONNECTION_TEST_TIMEOUT_MS / 1000} s.`,
        }),
    });
    let outcome: ConnectionTestResult;
    let failure: MotifError | undefined;
    try {
      // Raced with the timeout, so a provider that ignores its signal cannot hang the test.
      const result = await raceAbort(provider.checkHealth(scope.signal), scope.signal);
      failure = result.error;
      outcome = { ok: result.ok, latencyMs: Math.round(result.latencyMs), message: result.error?.labelled(provider.label).userMessage };
    } catch (error) {
      failure = toMotifError(error);
      outcome = { ok: false, latencyMs: 0, message: failure.labelled(provider.label).userMessage };
    } finally {
      scope.dispose();
    }
    if (provider.requiresKey) {
      const verdict = outcome.ok ? 'valid' : failure !== undefined && KEY_REJECTED_CODES.has(failure.code) ? 'rejected' : 'unverified';
      void this.#options.keyChecks?.record(providerId, verdict, outcome.message);
    }
    if (outcome.ok) cache.set(providerId, outcome);
    this.#options.telemetry.recordCheck(providerId, {
      ok: outcome.ok,
      latencyMs: outcome.latencyMs,
      at: clock.now(),
      ...(outcome.message ? { message: outcome.message } : {}),
    });
    return outcome;
  }
}
