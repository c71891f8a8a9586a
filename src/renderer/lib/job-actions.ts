import type { GenerateInput } from '../../core/contract/image-request.ts';
import type { Attempt } from '../../core/library/history-entry.ts';
import type { JobSnapshot } from '../../core/service/service-types.ts';
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

/** "Served by Offline engine (fallback after Runware failed)". */
export function describeServedBy(job: Pick<JobSnapshot, 'provider' | 'fallback' | 'attempts'>, label: (provider: string) => string): string | undefined {
  if (!job.provider) return undefined;
  const served = `Served by ${label(job.provider)}`;
  if (!job.fallback) return served;
  // Providers skipped for a missing key did not fail; only real failures are named.
  const failed = [...new Set(job.attempts.filter((a) => a.outcome === 'failure').map((a) => a.provider))]
    .filter((provider) => provider !== job.provider)
    .map(label);
  return failed.length > 0 ? `${served} — fallback after ${failed.join(', ')} failed` : `${served} — fallback`;
}
