import { existsSync } from 'node:fs';
import { copyAsideUnreadable } from '../../core/util/set-aside.ts';
import type { SettingsStore } from '../../core/settings/settings-store.ts';

/** The part of an electron-store (`conf`) instance the settings need: the whole document. */
export interface JsonDocumentStore {
  store: Record<string, unknown>;
  /** The file behind the document (electron-store and conf both have it). */
  readonly path?: string;
}

/**
 * The engine's SettingsStore over electron-store: JSON on disk, written
 * atomically. It stores what the engine's settings service hands it; the
 * engine validates and migrates what it reads. Keys never pass through here.
 */
export class ElectronSettingsStore implements SettingsStore {
  readonly #store: JsonDocumentStore;
  readonly openProblem: string | undefined;

  constructor(store: JsonDocumentStore, openProblem?: string) {
    this.#store = store;
    this.openProblem = openProblem;
  }

  keepCopy(): string | undefined {
    const path = this.#store.path;
    return path !== undefined && existsSync(path) ? copyAsideUnreadable(path, Date.now()) : undefined;
  }

  read(): unknown {
    return structuredClone(this.#store.store);
  }

  write(value: unknown): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('Settings must be a JSON object.');
    this.#store.store = structuredClone(value as Record<string, unknown>);
  }
}
