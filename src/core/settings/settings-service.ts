import { zodErrorToMotifError } from '../errors/zod-error.ts';
import type { DataNotice } from '../contract/data-notice.ts';
import { MotifError } from '../errors/motif-error.ts';
import { migrateSettings } from './settings-migrations.ts';
import { SETTINGS_SCHEMA_VERSION, type SecretName, type SettingsPatch } from '../contract/settings-schema.ts';
import { SECRET_NAMES } from '../providers/provider-list.ts';
import { settingsPatchSchema, settingsSchema, type Settings } from './settings-schema.ts';
import type { SecretStore, SettingsStore } from './settings-store.ts';

type Listener = (settings: Settings) => void;

/** The addresses each stored key is sent to; changing any of them forgets the key. */
const KEY_ENDPOINTS: Partial<Record<SecretName, (settings: Settings) => unknown[]>> = {
  runware: (settings) => [settings.providers.runware.wsUrl, settings.providers.runware.apiUrl],
  openai: (settings) => [settings.providers.openai.baseUrl],
};

/**
 * Typed settings over a raw store: reads migrate and validate, writes validate
 * first. Nothing is reset silently: a field that does not validate is reset
 * alone (the rest is kept) after the file is copied aside, a file written by a
 * newer version opens read-only, and a store that cannot be written (read-only
 * folder) leaves the settings usable but unsaved; `notices` says what happened.
 * Keys go to the SecretStore and only "set / not set" ever comes back out.
 */
export class SettingsService {
  readonly #store: SettingsStore;
  readonly #secrets: SecretStore;
  readonly #listeners = new Set<Listener>();
  #current: Settings;
  /** What was found wrong with the stored settings at load, and what was done about it. */
  readonly notices: readonly DataNotice[];
  /** True when changes cannot be saved: a newer version's file, or a folder that cannot be written. */
  readonly readOnly: boolean;

  constructor(store: SettingsStore, secrets: SecretStore) {
    this.#store = store;
    this.#secrets = secrets;
    const notices: string[] = [];
    if (store.openProblem !== undefined) notices.push(`${store.openProblem}; Motif started from defaults.`);
    const { value, problem } = safeRead(store);
    if (problem !== undefined) notices.push(`Settings could not be read (${problem}); defaults are in use.`);
    else if (value !== undefined && !isPlainObject(value)) {
      const copy = store.keepCopy?.();
      notices.push(
        `settings.json did not hold settings, so all settings are back to defaults${copy === undefined ? '' : `; the old file was kept as ${copy}`}.`,
      );
    }
    const raw = migrateSettings(value);
    const version = raw.schemaVersion;
    let readOnly = typeof version === 'number' && version > SETTINGS_SCHEMA_VERSION;
    if (readOnly) {
      notices.push(
        `settings.json was written by a newer version of Motif (schema ${String(version)}). It is open read-only so it is not downgraded: changes made now are not saved.`,
      );
      raw.schemaVersion = SETTINGS_SCHEMA_VERSION;
    }
    const { settings, reset } = salvageSettings(raw);
    this.#current = settings;
    if (reset.length > 0 && !readOnly) {
      const copy = store.keepCopy?.();
      notices.push(
        `Some settings could not be read and were reset to defaults: ${reset.join(', ')}. Everything else was kept${copy === undefined ? '' : `; the old file was kept as ${copy}`}.`,
      );
    } else if (reset.length > 0) {
      notices.push(`Settings this version cannot use are ignored for now: ${reset.join(', ')}.`);
    }
    if (!readOnly) {
      try {
        this.#store.write(this.#current);
      } catch (error) {
        readOnly = true;
        notices.push(
          `Settings could not be saved (${(error as Error).message}); the data folder may be read-only. Motif works with the settings it read, but changes are not saved.`,
        );
      }
    }
    this.readOnly = readOnly;
    this.notices = notices.map((message) => ({ file: 'settings.json', message }));
  }

  get(): Settings {
    return this.#current;
  }

  update(patch: SettingsPatch): Settings {
    if (this.readOnly) throw new MotifError('settings_read_only', { message: this.notices.at(-1)?.message });
    const valid = settingsPatchSchema.safeParse(patch);
    if (!valid.success) {
      throw zodErrorToMotifError(valid.error, { root: 'settings', subject: 'Invalid setting' });
    }
    const previous = this.#current;
    const next = settingsSchema.parse(deepMerge(previous, valid.data));
    try {
      this.#store.write(next);
    } catch (error) {
      throw new MotifError('settings_read_only', { message: `Settings could not be saved: ${(error as Error).message}`, cause: error });
    }
    this.#current = next;
    // A stored key is bound to the address it was saved for: a new address never receives it until the key is entered again.
    for (const [name, endpoints] of Object.entries(KEY_ENDPOINTS) as [SecretName, (settings: Settings) => unknown[]][]) {
      if (JSON.stringify(endpoints(previous)) !== JSON.stringify(endpoints(next))) this.#secrets.delete(name);
    }
    for (const listener of this.#listeners) listener(next);
    return next;
  }

  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  secret(name: SecretName): string | undefined {
    return this.#secrets.get(name);
  }

  setSecret(name: SecretName, value: string): void {
    checkSecretName(name);
    const trimmed = value.trim();
    if (trimmed.length < 8 || trimmed.length > 512 || /\s/.test(trimmed)) {
      throw new MotifError('invalid_request', { param: 'key', message: 'A key must be 8–512 characters with no spaces.' });
    }
    this.#secrets.set(name, trimmed);
    for (const listener of this.#listeners) listener(this.#current);
  }

  clearSecret(name: SecretName): void {
    checkSecretName(name);
    this.#secrets.delete(name);
    for (const listener of this.#listeners) listener(this.#current);
  }

  secretsSet(): Record<SecretName, boolean> {
    return Object.fromEntries(SECRET_NAMES.map((name) => [name, Boolean(this.#secrets.get(name))])) as Record<SecretName, boolean>;
  }

  secretStorage(): { persistent: boolean; reason: string | undefined } {
    return this.#secrets.describe();
  }

  /** How a person sets this key (`set RUNWARE_API_KEY` headless); undefined means the app's Settings. */
  whereToSetKey(name: SecretName): string | undefined {
    return this.#secrets.whereToSet?.(name);
  }
}

/** Only the secrets the engine knows (each provider's key, the server token) may be stored. */
function checkSecretName(name: SecretName): void {
  if (!SECRET_NAMES.includes(name))
    throw new MotifError('invalid_request', {
      param: 'name',
      message: `Unknown key name "${name}"; expected one of ${SECRET_NAMES.join(', ')}.`,
    });
}

function safeRead(store: SettingsStore): { value: unknown; problem: string | undefined } {
  try {
    return { value: store.read(), problem: undefined };
  } catch (error) {
    return { value: {}, problem: (error as Error).message };
  }
}

/**
 * Validates raw settings, resetting only the fields that fail (each to its
 * default) and naming them. A value that is not a settings object resets everything.
 */
function salvageSettings(raw: Record<string, unknown>): { settings: Settings; reset: string[] } {
  const reset: string[] = [];
  const draft = structuredClone(raw);
  // Each pass removes at least one failing field, so this ends; the bound is a guard.
  for (let pass = 0; pass < 100; pass++) {
    const parsed = settingsSchema.safeParse(draft);
    if (parsed.success) return { settings: parsed.data, reset };
    for (const issue of parsed.error.issues) {
      const path = removeFailing(draft, issue.path);
      if (path !== undefined && !reset.includes(path)) reset.push(path);
    }
  }
  return { settings: settingsSchema.parse({}), reset: ['all settings'] };
}

/** Deletes the value at `path` (or the array holding it) so its default applies; returns the dotted name removed. */
function removeFailing(root: Record<string, unknown>, path: readonly PropertyKey[]): string | undefined {
  let node: unknown = root;
  const names: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    if (!isPlainObject(node) || typeof key !== 'string') break;
    if (i === path.length - 1 || !isPlainObject(node[key])) {
      delete node[key];
      return [...names, key].join('.');
    }
    names.push(key);
    node = node[key];
  }
  if (names.length === 0) return undefined;
  // The failing value sits inside an array or an odd shape: reset the field that holds it.
  const parent = names.slice(0, -1).reduce<unknown>((n, k) => (isPlainObject(n) ? n[k] : undefined), root);
  if (isPlainObject(parent)) delete parent[names.at(-1)!];
  return names.join('.');
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[key] = deepMerge(base[key], value);
  }
  return out;
}
