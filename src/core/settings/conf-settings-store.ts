import Conf from 'conf';
import type { SettingsStore } from './settings-store.ts';

/**
 * Headless settings in `<dir>/settings.json` via `conf`, the library
 * electron-store is built on; it writes atomically and works in plain Node.
 */
export class ConfSettingsStore implements SettingsStore {
  readonly #conf: Conf<Record<string, unknown>>;

  constructor(dir: string) {
    this.#conf = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings', projectName: 'motif', clearInvalidConfig: true });
  }

  read(): unknown {
    return this.#conf.store;
  }

  write(value: unknown): void {
    this.#conf.store = value as Record<string, unknown>;
  }
}
