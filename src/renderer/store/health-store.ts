import { create } from 'zustand';
import type { BreakerMode, TelemetrySnapshot } from '../../shared/motif-bridge.ts';
import { motif, userMessageOf } from '../bridge.ts';
import { toastError } from './ui-store.ts';

interface ConnectionTest {
  readonly running: boolean;
  readonly ok: boolean | undefined;
  readonly latencyMs: number | undefined;
  readonly message: string | undefined;
  readonly at: number | undefined;
}

interface HealthState {
  readonly snapshot: TelemetrySnapshot | undefined;
  readonly tests: Readonly<Record<string, ConnectionTest>>;
  /** Subscribes to live snapshots; returns the unsubscribe function. */
  start(): () => void;
  /** Reads a snapshot now, keeping whichever of it and the current one is newer. */
  refresh(): Promise<void>;
  setBreakerMode(provider: string, mode: BreakerMode): Promise<void>;
  testConnection(provider: string): Promise<void>;
}

const FINISHED: ReadonlySet<string> = new Set(['saved', 'failed']);

export const useHealthStore = create<HealthState>()((set, get) => ({
  snapshot: undefined,
  tests: {},
  start: () => {
    const stopSnapshots = motif().health.onSnapshot((snapshot) => set({ snapshot }));
    // The engine records a job's cost as the job finishes, which may be after its last
    // pushed snapshot; read one then, so spend on every screen includes the job.
    const stopJobs = motif().jobs.onEvent((event) => {
      if (event.type === 'job-updated' && FINISHED.has(event.job.state)) void get().refresh();
    });
    void get().refresh();
    return () => {
      stopSnapshots();
      stopJobs();
    };
  },
  refresh: async () => {
    try {
      const snapshot = await motif().health.snapshot();
      // A live snapshot may have arrived first; keep whichever is newer.
      if ((get().snapshot?.at ?? 0) <= snapshot.at) set({ snapshot });
    } catch (error) {
      toastError(userMessageOf(error));
    }
  },
  setBreakerMode: async (provider, mode) => {
    try {
      set({ snapshot: await motif().health.setBreakerMode(provider, mode) });
    } catch (error) {
      toastError(userMessageOf(error));
    }
  },
  testConnection: async (provider) => {
    const previous = get().tests[provider];
    set({
      tests: {
        ...get().tests,
        [provider]: { running: true, ok: previous?.ok, latencyMs: previous?.latencyMs, message: previous?.message, at: previous?.at },
      },
    });
    let result: ConnectionTest;
    try {
      const outcome = await motif().health.testConnection(provider);
      result = { running: false, ok: outcome.ok, latencyMs: outcome.latencyMs, message: outcome.message, at: Date.now() };
    } catch (error) {
      result = { running: false, ok: false, latencyMs: undefined, message: userMessageOf(error), at: Date.now() };
    }
    set({ tests: { ...get().tests, [provider]: result } });
  },
}));
