import type { Attempt, GenerateInput, JobSnapshot } from '../../shared/motif-bridge.ts';
import { formatDuration } from './format.ts';

/**
 * Builds the input for Retry ("same request") or More like this ("same
 * request, new seeds"). The job's normalised request carries everything.
 */
export function inputFromJob(job: JobSnapshot, options: { readonly newSeeds: boolean }): GenerateInput {
  const { request } = job;
  return {
    prompt: request.prompt,
    ...(request.negativePrompt ? { negativePrompt: request.negativePrompt } : {}),
    style: request.style,
    size: request.size,
    count: request.count,
    format: request.format,
    model: request.model,
    ...(options.newSeeds || request.seed === undefined ? {} : { seed: request.seed }),
    ...(options.newSeeds ? { noCache: true } : {}),
  };
}

const OUTCOME_WORDS: Readonly<Record<Attempt['outcome'], string>> = {
  success: 'succeeded',
  failure: 'failed',
  skipped: 'was skipped',
  cancelled: 'was cancelled',
  'hedge-lost': 'was overtaken by a faster provider',
};

/**
 * One line of the attempt trail in words: which provider, what happened, why,
 * and what the app did next.
 */
export function describeAttempt(attempt: Attempt, next: Attempt | undefined, label: (provider: string) => string): string {
  const who = label(attempt.provider);
  const took = attempt.outcome === 'skipped' ? '' : ` after ${formatDuration(attempt.durationMs)}`;
  const detail = attempt.detail?.trim().replace(/[.!]+$/, '');
  const why = detail ? `: ${detail}` : '';
  let then = '';
  if (attempt.outcome === 'failure' || attempt.outcome === 'skipped') {
    if (!next) then = '. No other provider was left to try.';
    else if (next.provider === attempt.provider) then = '. Tried again.';
    else then = `. Moved on to ${label(next.provider)}.`;
  }
  return `${who} ${OUTCOME_WORDS[attempt.outcome]}${took}${why}${then}`;
}

/**
 * Why a provider other than the one that served was passed over, in words, or
 * undefined when it does not count as a fallback (a missing key, a size it
 * cannot make): the same rule the router uses for `fallback`.
 */
/** A provider passed over because it has no key or is switched off: the designer's choice, not something that went wrong. */
export function isQuietSkip(attempt: Attempt): boolean {
  return (
    attempt.outcome === 'skipped' &&
    (attempt.errorCode === 'key_missing' || (attempt.errorCode === 'no_provider_available' && attempt.detail === 'disabled in settings'))
  );
}

function passedOverBecause(attempt: Attempt): 'failed' | 'paused' | 'busy' | undefined {
  if (attempt.outcome === 'failure') return 'failed';
  if (attempt.outcome === 'skipped' && attempt.errorCode === 'circuit_open') return 'paused';
  if (attempt.outcome === 'skipped' && attempt.errorCode === 'overloaded') return 'busy';
  return undefined;
}

/**
 * "Served by Offline engine — fallback after Runware failed", or "… —
 * fallback: Runware was paused (circuit held open by hand)" when its circuit
 * kept it out. A countdown in the breaker's words is dropped: it would go stale.
 */
export function describeServedBy(
  job: Pick<JobSnapshot, 'provider' | 'fallback' | 'attempts'>,
  label: (provider: string) => string,
): string | undefined {
  if (!job.provider) return undefined;
  // With no keys (or only the offline engine on), the offline engine is simply how Motif works, not a failure (issue 14, finding 9).
  if (job.provider === 'local' && job.attempts.every((a) => a.provider === 'local' || isQuietSkip(a)))
    return 'Made offline, on this computer';
  const served = `Served by ${label(job.provider)}`;
  if (!job.fallback) return served;
  // The last word on each provider passed over; providers skipped for a missing key did not fail.
  const reasons = new Map<string, { why: 'failed' | 'paused' | 'busy'; detail: string | undefined }>();
  for (const attempt of job.attempts) {
    const why = attempt.provider === job.provider ? undefined : passedOverBecause(attempt);
    if (why) reasons.set(attempt.provider, { why, detail: attempt.detail });
  }
  const failed = [...reasons].filter(([, r]) => r.why === 'failed').map(([provider]) => label(provider));
  const others = [...reasons]
    .filter(([, r]) => r.why !== 'failed')
    .map(([provider, r]) => {
      if (r.why === 'busy') return `${label(provider)} was too busy`;
      const circuit = r.detail?.replace(/,\s*retry in .*$/, '').trim();
      return `${label(provider)} was paused${circuit ? ` (${circuit})` : ''}`;
    });
  if (failed.length === 0 && others.length === 0) return `${served} — fallback`;
  const afterFailures = failed.length > 0 ? ` after ${failed.join(', ')} failed` : '';
  const paused = others.length > 0 ? `${failed.length > 0 ? ';' : ':'} ${others.join('; ')}` : '';
  return `${served} — fallback${afterFailures}${paused}`;
}
