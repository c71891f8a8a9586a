import { create } from 'zustand';
import type { SecretName, SettingsPatch, SettingsView } from '../../shared/motif-bridge.ts';
import { motif, userMessageOf } from '../bridge.ts';
import { toastError } from './ui-store.ts';

interface SettingsState {
  readonly view: SettingsView | undefined;
  readonly loadError: string | undefined;
  load(): Promise<void>;
  /** Applies at once; resolves false (after telling the user) when main refused it. */
  update(patch: SettingsPatch): Promise<boolean>;
  /** The key goes straight to main; only "set / not set" ever comes back. */
  setKey(name: SecretName, value: string): Promise<boolean>;
  clearKey(name: SecretName): Promise<boolean>;
  moveLibrary(): Promise<void>;
  /** Turning the server on asks the user in main's own dialog first. */
  setServerEnabled(enabled: boolean): Promise<void>;
}

export const useSettingsStore = create<SettingsState>()((set) => {
  const apply = async (call: () => Promise<SettingsView | undefined>): Promise<boolean> => {
    try {
      const view = await call();
      if (view) set({ view });
      return true;
    } catch (error) {
      toastError(userMessageOf(error));
      return false;
    }
  };
  return {
    view: undefined,
    loadError: undefined,
    load: async () => {
      try {
        set({ view: await motif().settings.get(), loadError: undefined });
      } catch (error) {
        set({ loadError: userMessageOf(error) });
      }
    },
    update: (patch) => apply(() => motif().settings.update(patch)),
    setKey: (name, value) => apply(() => motif().settings.setKey(name, value)),
    clearKey: (name) => apply(() => motif().settings.clearKey(name)),
    moveLibrary: async () => {
      await apply(() => motif().settings.moveLibrary());
    },
    setServerEnabled: async (enabled) => {
      await apply(() => motif().settings.setServerEnabled(enabled));
    },
  };
});

/** The display name of a provider id, falling back to the id itself. */
export function providerLabel(view: SettingsView | undefined, id: string): string {
  return view?.providers.find((provider) => provider.id === id)?.label ?? id;
}
