import type { HistoryEntry, JobEvent, JobSnapshot } from '../../shared/motif-bridge.ts';

/**
 * The generation queue as the renderer holds it, built only from job events.
 * Finished jobs beyond `maxFinished` are dropped (the gallery keeps their
 * images), so the queue stays bounded however long the app runs.
 */
export interface QueueState {
  readonly jobs: Readonly<Record<string, JobSnapshot>>;
  /** Newest first. */
  readonly order: readonly string[];
  /** Images received per job, in arrival order, deduplicated by entry id. */
  readonly images: Readonly<Record<string, readonly HistoryEntry[]>>;
}

export const EMPTY_QUEUE: QueueState = { jobs: {}, order: [], images: {} };

const ACTIVE_STATES: ReadonlySet<JobSnapshot['state']> = new Set(['queued', 'waiting-network', 'sending', 'waiting', 'receiving']);

export const isActive = (job: JobSnapshot): boolean => ACTIVE_STATES.has(job.state);

/** Loads a job list (e.g. from `jobs.list()` at start), keeping images already received. */
export function withJobs(state: QueueState, jobs: readonly JobSnapshot[], maxFinished: number): QueueState {
  let next = state;
  for (const job of [...jobs].sort((a, b) => a.createdAt - b.createdAt)) next = upsertJob(next, job);
  return trimFinished(next, maxFinished);
}

export function applyJobEvent(state: QueueState, event: JobEvent, maxFinished: number): QueueState {
  switch (event.type) {
    case 'job-updated':
      return trimFinished(upsertJob(state, event.job), maxFinished);
    case 'job-image': {
      const existing = state.images[event.jobId] ?? [];
      if (existing.some((entry) => entry.id === event.entry.id)) return state;
      return { ...state, images: { ...state.images, [event.jobId]: [...existing, event.entry] } };
    }
    case 'job-removed':
      return removeJob(state, event.jobId);
    case 'library-changed':
    case 'entry-updated':
      return state;
  }
}

function upsertJob(state: QueueState, job: JobSnapshot): QueueState {
  const current = state.jobs[job.id];
  // Events can cross: never let an older snapshot overwrite a newer one. Within one millisecond the
  // order is unknown, but a job never goes back from finished to running, so the finished one stands.
  if (current && (current.updatedAt > job.updatedAt || (current.updatedAt === job.updatedAt && !isActive(current) && isActive(job))))
    return state;
  const order = current ? state.order : insertByCreated(state, job);
  return { ...state, jobs: { ...state.jobs, [job.id]: job }, order };
}

function insertByCreated(state: QueueState, job: JobSnapshot): readonly string[] {
  const index = state.order.findIndex((id) => (state.jobs[id]?.createdAt ?? 0) < job.createdAt);
  if (index === -1) return [...state.order, job.id];
  return [...state.order.slice(0, index), job.id, ...state.order.slice(index)];
}

export function removeJob(state: QueueState, jobId: string): QueueState {
  if (!state.jobs[jobId] && !state.images[jobId]) return state;
  const { [jobId]: _job, ...jobs } = state.jobs;
  const { [jobId]: _images, ...images } = state.images;
  return { jobs, images, order: state.order.filter((id) => id !== jobId) };
}

/** Drops the oldest finished jobs beyond `maxFinished`; running and interrupted jobs always stay. */
function trimFinished(state: QueueState, maxFinished: number): QueueState {
  let finished = 0;
  const drop: string[] = [];
  for (const id of state.order) {
    const job = state.jobs[id];
    if (!job || isActive(job) || job.state === 'interrupted') continue;
    finished += 1;
    if (finished > maxFinished) drop.push(id);
  }
  return drop.reduce(removeJob, state);
}
