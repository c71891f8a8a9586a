import type { JobSnapshot } from '../../shared/motif-bridge.ts';
import { formatCost } from './format.ts';

/**
 * What a queue card says a job costs. A job that is running or waiting shows
 * its estimate ("≈ $0.0052"); a finished, failed or cancelled one shows what
 * it actually spent, never the estimate: a job cancelled after 1 of 4 images
 * shows the one image's price, and one that made nothing shows $0.00.
 */
export function describeJobCost(job: JobSnapshot): { readonly text: string; readonly title: string } | undefined {
  if (job.costUsd !== undefined)
    return {
      text: formatCost(job.costUsd),
      title: job.state === 'cancelled' ? 'What it cost before it was cancelled' : 'Reported by the provider',
    };
  if (job.state === 'failed' || job.state === 'cancelled')
    return job.entryIds.length === 0
      ? { text: formatCost(0), title: 'Nothing was made, so nothing was spent' }
      : { text: formatCost(undefined), title: 'The provider did not say what the images it made cost' };
  if (job.state === 'saved') return { text: formatCost(undefined), title: 'The provider did not say what it cost' };
  if (job.estimatedCostUsd !== undefined) return { text: `≈ ${formatCost(job.estimatedCostUsd)}`, title: 'Estimated' };
  return undefined;
}
