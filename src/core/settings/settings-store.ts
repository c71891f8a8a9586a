import { SERVER_TOKEN_SECRET, type SecretName } from '../contract/settings-schema.ts';
import { PROVIDERS } from '../providers/provider-list.ts';

/**
 * Raw persisted settings. The app backs it with electron-store; headless runs
 * and tests with `conf` or memory. It stores plain JSON; the SettingsService
 * validates and migrates what it reads.
 */
export interface SettingsStore {
  read(): unknown;
  write(value: unknown): void;
  /** Set when the file could not be opened at all: what happened and where the old file was moved. */
  readonly openProblem?: string | undefined;
  /** Copies the file aside (timestamped) before the service rewrites it with what could be kept; returns the copy's name. */
  keepCopy?(): string | undefined;
}

/** Where keys live: safeStorage-encrypted in the app, environment variables headless. */
export interface SecretStore {
  get(name: SecretName): string | undefined;
  set(name: SecretName, value: string): void;
  delete(name: SecretName): void;
  /** Whether secrets survive a restart, and if not, why (shown in the UI). */
  describe(): { readonly persistent: boolean; readonly reason: string | undefined };
  /** How a person sets this key, in words (`set RUNWARE_API_KEY`); undefined means the app's Settings. */
  whereToSet?(name: SecretName): string | undefined;
}

export class MemorySettingsStore implements SettingsStore {
  #value: unknown;
  constructor(initial: unknown = {}) {
    this.#value = structuredClone(initial);
  }
  read(): unknown {
    return structuredClone(this.#value);
  }
  write(value: unknown): void {
    this.#value = structuredClone(value);
  }
}

export class MemorySecretStore implements SecretStore {
  readonly #values = new Map<SecretName, string>();
  readonly #reason: string | undefined;
  constructor(initial: Partial<Record<SecretName, string>> = {}, reason?: string) {
    for (const [name, value] of Object.entries(initial)) if (value) this.#values.set(name as SecretName, value);
    this.#reason = reason;
  }
  get(name: SecretName): string | undefined {
    return this.#values.get(name);
  }
  set(name: SecretName, value: string): void {
    this.#values.set(name, value);
  }
  delete(name: SecretName): void {
    this.#values.delete(name);
  }
  describe(): { persistent: boolean; reason: string | undefined } {
    return { persistent: false, reason: this.#reason ?? 'Keys are held in memory for this session only.' };
  }
}

/** The environment variable each key comes from in headless runs (`motif generate`, `motif serve`): each provider's from its descriptor, and `MOTIF_SERVER_TOKEN`. */
const SECRET_ENV_VARS: Readonly<Record<SecretName, string>> = {
  ...Object.fromEntries(PROVIDERS.flatMap((d) => (d.secret ? [[d.secret.name, d.secret.env]] : []))),
  [SERVER_TOKEN_SECRET]: 'MOTIF_SERVER_TOKEN',
};

/** Headless secrets from SECRET_ENV_VARS; changes last for the process. Messages name the variable, not Settings. */
export function environmentSecretStore(env: NodeJS.ProcessEnv = process.env): SecretStore {
  const store = new MemorySecretStore(
    Object.fromEntries(Object.entries(SECRET_ENV_VARS).map(([name, variable]) => [name, env[variable]])),
    'Headless mode reads keys from environment variables.',
  );
  return Object.assign(store, { whereToSet: (name: SecretName) => `set ${SECRET_ENV_VARS[name]}` });
}
