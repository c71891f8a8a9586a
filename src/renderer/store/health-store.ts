import { create } from 'zustand';
import type { BreakerMode, TelemetrySnapshot } from '../../shared/motif-bridge.ts';
import { motif, userMessageOf } from '../bridge.ts';
import { toastError } from './ui-store.ts';

export interface ConnectionTest {
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
  setBreakerMode(provider: string, mode: BreakerMode): Promise<void>;
  testConnection(provider: string): Promise<void>;
}

export const useHealthStore = create<HealthState>()((set, get) => ({
  snapshot: undefined,
  tests: {},
  start: () => {
    const unsubscribe = motif().health.onSnapshot((snapshot) => set({ snapshot }));
    motif().health.snapshot().then(
      (snapshot) => {
        // A live snapshot may have arrived first; keep whichever is newer.
        if ((get().snapshot?.at ?? 0) <= snapshot.at) set({ snapshot });
      },
      (error: unknown) => toastError(userMessageOf(error)),
    );
    return unsubscribe;
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
    set({ tests: { ...get().tests, [provider]: { running: true, ok: previous?.ok, latencyMs: previous?.latencyMs, message: previous?.message, at: previous?.at } } });
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
