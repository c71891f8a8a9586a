import { useCallback } from 'react';
import { isActive } from '../../lib/job-reducer.ts';
import { useQueueStore } from '../../store/queue-store.ts';
import { providerLabel, useSettingsStore } from '../../store/settings-store.ts';
import { useNow } from '../common/use-now.ts';
import { Icon } from '../common/icon.tsx';
import { JobCard } from './job-card.tsx';

/** Every generation in flight and the recent ones, newest first. */
export function JobQueue() {
  const queue = useQueueStore((s) => s.queue);
  const settings = useSettingsStore((s) => s.view);
  const label = useCallback((id: string) => providerLabel(settings, id), [settings]);
  const jobs = queue.order.map((id) => queue.jobs[id]).filter((job) => job !== undefined);
  const running = jobs.filter(isActive).length;
  const now = useNow(1000, running > 0 || jobs.length > 0);

  return (
    <section className="job-queue" aria-labelledby="queue-title">
      <header className="section-head">
        <h2 id="queue-title">Generations</h2>
        <span className="section-sub" aria-live="polite">
          {running > 0 ? `${running} running` : jobs.length > 0 ? 'All done' : ''}
        </span>
      </header>
      {jobs.length === 0 ? (
        <div className="queue-empty">
          <Icon name="sparkles" size={28} />
          <p>Your generations appear here as they arrive.</p>
          <p className="hint">Several can run at once; each says what it is doing and who is serving it.</p>
        </div>
      ) : (
        <div className="job-list">
          {jobs.map((job) => (
            <JobCard key={job.id} job={job} images={queue.images[job.id] ?? EMPTY} label={label} now={now} />
          ))}
        </div>
      )}
    </section>
  );
}

const EMPTY: readonly never[] = [];
