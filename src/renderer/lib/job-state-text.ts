import type { JobSnapshot } from '../../shared/motif-bridge.ts';

type JobState = JobSnapshot['state'];

/** Words for each job state: colour is never the only signal. */
export const JOB_STATE_LABELS: Readonly<Record<JobState, string>> = {
  queued: 'Queued',
  'waiting-network': 'Waiting for network',
  sending: 'Sending',
  waiting: 'Waiting for provider',
  receiving: 'Receiving',
  saved: 'Saved',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

export type Tone = 'neutral' | 'active' | 'success' | 'warning' | 'danger';

export const JOB_STATE_TONES: Readonly<Record<JobState, Tone>> = {
  queued: 'neutral',
  'waiting-network': 'warning',
  sending: 'active',
  waiting: 'active',
  receiving: 'active',
  saved: 'success',
  failed: 'danger',
  cancelled: 'neutral',
  interrupted: 'warning',
};

/** A longer explanation for states a designer may wonder about. */
export function describeJobState(job: JobSnapshot, providerLabel: string | undefined): string | undefined {
  const who = providerLabel ?? 'the provider';
  switch (job.state) {
    case 'waiting-network':
      return 'Waiting for the network to come back. The job starts by itself when it does.';
    case 'queued':
      // Once a provider has been tried, the notice says what is happening instead.
      return job.notice || job.attempts.length > 0 ? undefined : 'Waiting for a free slot.';
    case 'sending':
      return `Sending the request to ${who}.`;
    case 'waiting':
      return `${who} is working on it.`;
    case 'receiving':
      return `Receiving images from ${who}.`;
    case 'interrupted':
      return 'Motif was closed while this was running. Resume it or discard it.';
    default:
      return undefined;
  }
}
