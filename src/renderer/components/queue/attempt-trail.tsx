import type { Attempt } from '../../../shared/motif-bridge.ts';
import { describeAttempt, isQuietSkip } from '../../lib/job-actions.ts';

const OUTCOME_CLASS: Readonly<Record<Attempt['outcome'], string>> = {
  success: 'tone-success',
  failure: 'tone-danger',
  skipped: 'tone-neutral',
  cancelled: 'tone-neutral',
  'hedge-lost': 'tone-neutral',
};

/** Which providers were tried, what happened and what the app did next, in words. */
export function AttemptTrail({
  attempts,
  label,
  open = false,
}: {
  attempts: readonly Attempt[];
  label: (provider: string) => string;
  open?: boolean;
}) {
  // Providers without a key or switched off were never tried: listing them read as failure to someone with no keys.
  const tried = attempts.filter((attempt) => !isQuietSkip(attempt));
  if (tried.length === 0 || (tried.length === 1 && tried[0]!.outcome === 'success')) return null;
  return (
    <details className="attempt-trail" open={open}>
      <summary>
        How this was served · {tried.length} {tried.length === 1 ? 'attempt' : 'attempts'}
      </summary>
      <ol>
        {tried.map((attempt, index) => (
          <li key={index} className={OUTCOME_CLASS[attempt.outcome]}>
            <span className="trail-dot" aria-hidden="true" />
            <span>{describeAttempt(attempt, tried[index + 1], label)}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
