import type { JobSnapshot } from '../../shared/motif-bridge.ts';

/**
 * The queue card's warning when a provider refused its key during the job
 * (tried and refused, or skipped because its key stands rejected): a job
 * never falls back past a rejected key without saying so.
 */
export function describeRejectedKeys(
  job: Pick<JobSnapshot, 'attempts' | 'provider' | 'state'>,
  label: (provider: string) => string,
): string | undefined {
  const refused = [...new Set(job.attempts.filter((a) => a.errorCode === 'auth_failed').map((a) => a.provider))].filter(
    (provider) => provider !== job.provider || job.state === 'failed',
  );
  if (refused.length === 0) return undefined;
  const names = refused.map(label).join(' and ');
  const verb = refused.length === 1 ? 'rejected its API key' : 'rejected their API keys';
  const instead =
    job.provider && job.state !== 'failed' ? `, so ${label(job.provider)} made ${job.state === 'saved' ? 'these' : 'them'} instead` : '';
  return `${names} ${verb}${instead}. Enter a new key in Settings.`;
}
