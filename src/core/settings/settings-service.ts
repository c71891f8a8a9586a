import { MotifError } from '../errors/motif-error.ts';
import { migrateSettings } from './settings-migrations.ts';
import { settingsPatchSchema, settingsSchema, SECRET_NAMES, type SecretName, type Settings, type SettingsPatch } from '../contract/settings-schema.ts';
import type { SecretStore, SettingsStore } from './settings-store.ts';

type Listener = (settings: Settings) => void;

/**
 * Typed settings over a raw store: reads migrate and validate (a corrupt file
 * falls back to defaults rather than crashing), writes validate first. Keys go
 * to the SecretStore and only "set / not set" ever comes back out.
 */
export class SettingsService {
  readonly #store: SettingsStore;
  readonly #secrets: SecretStore;
  readonly #listeners = new Set<Listener>();
  #current: Settings;
  /** Why the stored settings were replaced by defaults at load, if they were. */
  readonly loadProblem: string | undefined;

  constructor(store: SettingsStore, secrets: SecretStore) {
    this.#store = store;
    this.#secrets = secrets;
    const migrated = migrateSettings(safeRead(store));
    const parsed = settingsSchema.safeParse(migrated);
    if (parsed.success) {
      this.#current = parsed.data;
      this.loadProblem = undefined;
    } else {
      this.#current = settingsSchema.parse({});
      this.loadProblem = `Settings could not be read (${parsed.error.issues[0]?.path.join('.') ?? 'file'}: ${parsed.error.issues[0]?.message ?? 'invalid'}); defaults are in use.`;
    }
    this.#store.write(this.#current);
  }

  get(): Settings {
    return this.#current;
  }

  update(patch: SettingsPatch): Settings {
    const valid = settingsPatchSchema.safeParse(patch);
    if (!valid.success) {
      const issue = valid.error.issues[0];
      throw new MotifError('invalid_request', { param: issue?.path.join('.') || 'settings', message: `Invalid setting: ${issue?.message ?? 'bad value'}` });
    }
    const next = settingsSchema.parse(deepMerge(this.#current, valid.data));
    this.#current = next;
    this.#store.write(next);
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
    const trimmed = value.trim();
    if (trimmed.length < 8 || trimmed.length > 512 || /\s/.test(trimmed)) {
      throw new MotifError('invalid_request', { param: 'key', message: 'A key must be 8–512 characters with no spaces.' });
    }
    this.#secrets.set(name, trimmed);
    for (const listener of this.#listeners) listener(this.#current);
  }

  clearSecret(name: SecretName): void {
    this.#secrets.delete(name);
    for (const listener of this.#listeners) listener(this.#current);
  }

  secretsSet(): Record<SecretName, boolean> {
    return Object.fromEntries(SECRET_NAMES.map((name) => [name, Boolean(this.#secrets.get(name))])) as Record<SecretName, boolean>;
  }

  secretStorage(): { persistent: boolean; reason: string | undefined } {
    return this.#secrets.describe();
  }
}

function safeRead(store: SettingsStore): unknown {
  try {
    return store.read();
  } catch {
    return {};
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[key] = deepMerge(base[key], value);
  }
  return out;
}
