import { create } from 'zustand';
import type { GenerateInput, HistoryEntry, ImageTaskInput, JobEvent, JobSnapshot } from '../../shared/motif-bridge.ts';
import { motif, userMessageOf } from '../bridge.ts';
import { EMPTY_QUEUE, applyJobEvent, removeJob, withJobs, type QueueState } from '../lib/job-reducer.ts';
import { inputFromJob } from '../lib/job-actions.ts';
import { toastError, useUiStore } from './ui-store.ts';
import { useGalleryStore } from './gallery-store.ts';

/** Finished jobs kept on screen; their images stay in the gallery. */
const MAX_FINISHED_JOBS = 24;

interface QueueStore {
  readonly queue: QueueState;
  /** Subscribes to job events and loads the current jobs; returns the unsubscribe function. */
  start(): () => void;
  /** Shows a job returned by `submit` before its first event arrives. */
  track(job: JobSnapshot): void;
  submit(input: GenerateInput): Promise<JobSnapshot | undefined>;
  /** Queues an image tool (vary, upscale, …, or importing a file) like a generation. */
  submitTask(input: ImageTaskInput): Promise<JobSnapshot | undefined>;
  cancel(jobId: string): Promise<void>;
  retry(jobId: string): Promise<void>;
  moreLikeThis(jobId: string): Promise<void>;
  resume(jobId: string): Promise<void>;
  discard(jobId: string): Promise<void>;
  /** Hides a finished job from the queue (its images stay in the library). */
  dismiss(jobId: string): void;
}

/** A job's image, as its one event announced it: the saved library entry. */
export type NewImage = Extract<JobEvent, { type: 'job-image' }>;

/** Listeners outside the queue (the gallery) that care about new images. */
const imageListeners = new Set<(image: NewImage) => void>();
export function onNewImage(listener: (image: NewImage) => void): () => void {
  imageListeners.add(listener);
  return () => imageListeners.delete(listener);
}

export const useQueueStore = create<QueueStore>()((set, get) => {
  const apply = (event: JobEvent): void => {
    set({ queue: applyJobEvent(get().queue, event, MAX_FINISHED_JOBS) });
    if (event.type === 'job-image') for (const listener of imageListeners) listener(event);
    if (event.type === 'entry-updated') useGalleryStore.getState().showUpdated(event.entry);
    if (event.type === 'library-changed') {
      // The app and the command line share the library: say so, and show what the other one did.
      useUiStore.getState().pushToast(event.message);
      useGalleryStore.getState().refresh();
    }
  };
  const call = async (action: () => Promise<unknown>): Promise<void> => {
    try {
      await action();
    } catch (error) {
      toastError(userMessageOf(error));
    }
  };
  return {
    queue: EMPTY_QUEUE,
    start: () => {
      const unsubscribe = motif().jobs.onEvent(apply);
      motif()
        .jobs.list()
        .then(
          (jobs) => set({ queue: withJobs(get().queue, jobs, MAX_FINISHED_JOBS) }),
          (error: unknown) => toastError(userMessageOf(error)),
        );
      return unsubscribe;
    },
    track: (job) => apply({ type: 'job-updated', job }),
    submit: async (input) => {
      try {
        const job = await motif().jobs.submit(input);
        get().track(job);
        return job;
      } catch (error) {
        toastError(userMessageOf(error));
        return undefined;
      }
    },
    submitTask: async (input) => {
      try {
        const job = await motif().tasks.submit(input);
        get().track(job);
        return job;
      } catch (error) {
        toastError(userMessageOf(error));
        return undefined;
      }
    },
    cancel: (jobId) => call(() => motif().jobs.cancel(jobId)),
    retry: async (jobId) => {
      const job = get().queue.jobs[jobId];
      if (job) await get().submit(inputFromJob(job, { newSeeds: false }));
    },
    moreLikeThis: async (jobId) => {
      const job = get().queue.jobs[jobId];
      if (job) await get().submit(inputFromJob(job, { newSeeds: true }));
    },
    resume: (jobId) => call(async () => get().track(await motif().jobs.resume(jobId))),
    discard: (jobId) =>
      call(async () => {
        await motif().jobs.discard(jobId);
        set({ queue: removeJob(get().queue, jobId) });
      }),
    dismiss: (jobId) => set({ queue: removeJob(get().queue, jobId) }),
  };
});

/** The first image a job saves, or undefined once it fails or is cancelled without one. */
export function firstImageOf(jobId: string): Promise<HistoryEntry | undefined> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const { jobs, images } = useQueueStore.getState().queue;
      const entry = images[jobId]?.[0];
      const job = jobs[jobId];
      if (entry === undefined && !(job && (job.state === 'failed' || job.state === 'cancelled'))) return false;
      unsubscribe?.();
      resolve(entry);
      return true;
    };
    let unsubscribe: (() => void) | undefined;
    if (!check()) unsubscribe = useQueueStore.subscribe(() => void check());
  });
}
