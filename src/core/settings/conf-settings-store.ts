import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { copyAsideUnreadable, setAsideUnreadable } from '../util/set-aside.ts';
import type { SettingsStore } from './settings-store.ts';

/**
 * Headless settings in `<dir>/settings.json` via `conf`, the library
 * electron-store is built on; it writes atomically and works in plain Node.
 * A file `conf` cannot open (not JSON, a folder in its place) is moved aside
 * with a timestamp, never cleared: `openProblem` says so.
 */
export class ConfSettingsStore implements SettingsStore {
  readonly #conf: Conf<Record<string, unknown>>;
  readonly #now: () => number;
  readonly openProblem: string | undefined;

  constructor(dir: string, now: () => number = Date.now) {
    this.#now = now;
    const open = (): Conf<Record<string, unknown>> =>
      new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings', projectName: 'motif', clearInvalidConfig: false });
    const file = join(dir, 'settings.json');
    // Checked before `conf` sees it: conf reads an empty file as `{}` and an array as settings.
    const problem = unreadableReason(file);
    if (problem !== undefined) {
      this.openProblem = `settings.json could not be read (${problem}); it was kept as ${setAsideUnreadable(file, now())}`;
      this.#conf = open();
      return;
    }
    try {
      this.#conf = open();
      this.openProblem = undefined;
    } catch (error) {
      if (!existsSync(file)) throw error;
      this.openProblem = `settings.json could not be read (${describe(error)}); it was kept as ${setAsideUnreadable(file, now())}`;
      this.#conf = open();
    }
  }

  read(): unknown {
    return this.#conf.store;
  }

  write(value: unknown): void {
    this.#conf.store = value as Record<string, unknown>;
  }

  keepCopy(): string | undefined {
    return existsSync(this.#conf.path) ? copyAsideUnreadable(this.#conf.path, this.#now()) : undefined;
  }
}

/** Why an existing settings file cannot be used at all, or undefined when it is a JSON object (or absent). */
function unreadableReason(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    return describe(error);
  }
  if (text.trim().length === 0) return 'the file is empty';
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : 'not a settings object';
  } catch {
    return 'not valid JSON';
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'it is a folder';
  return error instanceof SyntaxError ? 'not valid JSON' : (code ?? 'unreadable');
}
