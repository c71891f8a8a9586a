import type { Attempt } from '../../../shared/motif-bridge.ts';
import { describeAttempt } from '../../lib/job-actions.ts';

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
  if (attempts.length === 0) return null;
  return (
    <details className="attempt-trail" open={open}>
      <summary>
        How this was served · {attempts.length} {attempts.length === 1 ? 'attempt' : 'attempts'}
      </summary>
      <ol>
        {attempts.map((attempt, index) => (
          <li key={index} className={OUTCOME_CLASS[attempt.outcome]}>
            <span className="trail-dot" aria-hidden="true" />
            <span>{describeAttempt(attempt, attempts[index + 1], label)}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
