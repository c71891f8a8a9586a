import { memo } from 'react';
import type { HistoryEntry, JobSnapshot } from '../../../shared/motif-bridge.ts';
import { STYLES } from '../../../shared/catalog.ts';
import { formatDuration, formatRelativeTime } from '../../lib/format.ts';
import { describeJobCost } from '../../lib/job-cost.ts';
import { describeRejectedKeys } from '../../lib/job-key-notice.ts';
import { describeServedBy } from '../../lib/job-actions.ts';
import { JOB_STATE_LABELS, JOB_STATE_TONES, describeJobState } from '../../lib/job-state-text.ts';
import { isActive } from '../../lib/job-reducer.ts';
import { useQueueStore } from '../../store/queue-store.ts';
import { useStudioStore } from '../../store/studio-store.ts';
import { Icon } from '../common/icon.tsx';
import { StatusPill } from '../common/status-pill.tsx';
import { AttemptTrail } from './attempt-trail.tsx';
import { JobImages } from './job-images.tsx';
import { JobImageTools, JobTaskLine } from '../tools/job-tools.tsx';

interface JobCardProps {
  readonly job: JobSnapshot;
  readonly images: readonly HistoryEntry[];
  readonly label: (provider: string) => string;
  readonly now: number;
}

/** One generation: its state in words, who serves it, its images, and what can be done with it. */
export const JobCard = memo(function JobCard({ job, images, label, now }: JobCardProps) {
  const cancel = useQueueStore((s) => s.cancel);
  const retry = useQueueStore((s) => s.retry);
  const moreLikeThis = useQueueStore((s) => s.moreLikeThis);
  const resume = useQueueStore((s) => s.resume);
  const discard = useQueueStore((s) => s.discard);
  const dismiss = useQueueStore((s) => s.dismiss);
  const variations = useStudioStore((s) => s.variations);
  const active = isActive(job);
  const providerName = job.provider ? label(job.provider) : undefined;
  const explanation = describeJobState(job, providerName);
  const servedBy = describeServedBy(job, label);
  const failedOrCancelled = job.state === 'failed' || job.state === 'cancelled';
  const elapsed = (active ? now : job.updatedAt) - job.createdAt;
  const cost = describeJobCost(job);
  const rejectedKeys = describeRejectedKeys(job, label);

  return (
    <article
      className={`job-card state-${job.state}`}
      aria-label={`Generation: ${job.request.prompt}`}
      data-testid="job-card"
      data-state={job.state}
    >
      <header className="job-head">
        <StatusPill tone={JOB_STATE_TONES[job.state]} label={JOB_STATE_LABELS[job.state]} pulse={active} className="job-state" />
        {job.state === 'waiting-network' && <Icon name="wifiOff" className="muted-icon" />}
        <span className="job-meta">
          {STYLES[job.request.style].label} · {job.request.size.replace('x', '×')} · {job.expected}{' '}
          {job.expected === 1 ? 'image' : 'images'}
          {job.seed !== undefined && <> · seed {job.seed}</>}
        </span>
        <span className="job-time" title={new Date(job.createdAt).toLocaleString()}>
          {active ? formatElapsed(elapsed) : formatRelativeTime(job.updatedAt, now)}
        </span>
        {!active && job.state !== 'interrupted' && (
          <button
            type="button"
            className="icon-button subtle"
            aria-label="Hide from queue"
            title="Hide from queue (stays in the gallery)"
            onClick={() => dismiss(job.id)}
          >
            <Icon name="x" />
          </button>
        )}
      </header>
      <p className="job-prompt">{job.request.prompt}</p>
      <JobTaskLine job={job} />
      {(providerName || explanation) && (
        <p className="job-provider">
          <ProviderBadge job={job} providerName={providerName} servedBy={servedBy} />
          {explanation && <span className="job-explanation">{explanation}</span>}
        </p>
      )}
      {rejectedKeys && (
        <p className="job-error" role="alert" data-testid="rejected-key">
          <Icon name="key" /> {rejectedKeys}
        </p>
      )}
      {job.notice && (
        <p className="job-notice" role="status">
          <Icon name="info" /> {job.notice}
        </p>
      )}
      {job.error && job.state !== 'cancelled' && (
        <p className="job-error" role="alert">
          <Icon name="alert" /> {job.error.userMessage}
        </p>
      )}
      <JobImages job={job} images={images} active={active} />
      <AttemptTrail attempts={job.attempts} label={label} open={job.state === 'failed'} />
      {job.state === 'saved' && images.length > 0 && <JobImageTools images={images} />}
      <footer className="job-actions">
        {active && (
          <button type="button" className="secondary small" onClick={() => void cancel(job.id)}>
            <Icon name="stop" /> Cancel
          </button>
        )}
        {job.state === 'interrupted' && (
          <>
            <button type="button" className="primary small" onClick={() => void resume(job.id)}>
              <Icon name="play" /> Resume
            </button>
            <button type="button" className="secondary small" onClick={() => void discard(job.id)}>
              <Icon name="trash" /> Discard
            </button>
          </>
        )}
        {failedOrCancelled && (
          <button type="button" className="secondary small" onClick={() => void retry(job.id)}>
            <Icon name="refresh" /> Retry
          </button>
        )}
        {!active && job.state !== 'interrupted' && (
          <>
            <button type="button" className="ghost small" onClick={() => void moreLikeThis(job.id)} title="Same prompt, new seeds">
              <Icon name="shuffle" /> More like this
            </button>
            <button type="button" className="ghost small" onClick={() => variations(job)} title="Same seed; edit the prompt in the studio">
              <Icon name="wand" /> Variations
            </button>
          </>
        )}
        {cost && (
          <span className="job-cost" title={cost.title}>
            {cost.text}
          </span>
        )}
      </footer>
    </article>
  );
});

/** A running job's age in whole seconds, as a clock would show it ("0 s", "42 s", "2 min 5 s"). */
function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return seconds < 60 ? `${seconds} s` : formatDuration(seconds * 1000);
}

/** Who is serving (or served) the job, and whether it is a fallback. Failed jobs leave this to the attempt trail. */
function ProviderBadge({
  job,
  providerName,
  servedBy,
}: {
  job: JobSnapshot;
  providerName: string | undefined;
  servedBy: string | undefined;
}) {
  if (!providerName || job.state === 'failed') return null;
  let text: string;
  if (job.state === 'saved') text = servedBy ?? providerName;
  else if (job.state === 'interrupted' || job.state === 'cancelled') text = `Was on ${providerName}`;
  else if (job.state === 'waiting-network') text = `Will use ${providerName}`;
  else text = job.fallback ? `Fallback: ${providerName}` : `On ${providerName}`;
  return (
    <span className={job.fallback ? 'served-badge fallback' : 'served-badge'} data-testid="served-by">
      {text}
    </span>
  );
}
