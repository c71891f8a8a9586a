import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { SecretStore } from '../../core/settings/settings-store.ts';
import type { SecretName } from '../../core/contract/settings-schema.ts';
import { SECRET_NAMES } from '../../core/providers/provider-list.ts';

/** The part of Electron's `safeStorage` this store uses (a fake in tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: `basic_text` means a hard-coded key, i.e. no real protection. */
  getSelectedStorageBackend?(): string;
}

export interface SafeStorageSecretStoreOptions {
  readonly safeStorage: SafeStorageLike;
  /** The encrypted file, e.g. `<userData>/secrets.json`: its own file, apart from the settings. */
  readonly filePath: string;
  readonly platform?: NodeJS.Platform | undefined;
  readonly logWarning?: ((message: string) => void) | undefined;
}

const secretsFileSchema = z.object({
  version: z.literal(1),
  /** Base64 of each secret's `safeStorage` ciphertext. */
  secrets: z.partialRecord(z.enum(SECRET_NAMES as [string, ...string[]]), z.string().max(65_536)),
});

const FILE_MODE = 0o600;

/**
 * Keys encrypted with Electron's safeStorage (Keychain, DPAPI, libsecret /
 * kwallet) in a file only the user can read. Decrypted values stay in main's
 * memory; nothing here ever logs one. Where the OS offers no real encryption,
 * keys live in memory for the session and `describe()` says why.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly #safeStorage: SafeStorageLike;
  readonly #filePath: string;
  readonly #logWarning: (message: string) => void;
  readonly #unavailableReason: string | undefined;
  readonly #encrypted = new Map<SecretName, string>();
  readonly #plain = new Map<SecretName, string>();

  constructor(options: SafeStorageSecretStoreOptions) {
    this.#safeStorage = options.safeStorage;
    this.#filePath = options.filePath;
    this.#logWarning = options.logWarning ?? ((message) => console.warn(message));
    this.#unavailableReason = unavailableReason(options.safeStorage, options.platform ?? process.platform);
    if (this.#unavailableReason === undefined) this.#load();
  }

  get(name: SecretName): string | undefined {
    const cached = this.#plain.get(name);
    if (cached !== undefined || this.#unavailableReason !== undefined) return cached;
    const encrypted = this.#encrypted.get(name);
    if (encrypted === undefined) return undefined;
    try {
      const value = this.#safeStorage.decryptString(Buffer.from(encrypted, 'base64'));
      this.#plain.set(name, value);
      return value;
    } catch {
      // The OS key changed (new keychain, another user): the key is unreadable, so it counts as not set.
      this.#logWarning(`The saved ${name} key could not be decrypted; set it again in Settings.`);
      this.#encrypted.delete(name);
      return undefined;
    }
  }

  set(name: SecretName, value: string): void {
    if (this.#unavailableReason === undefined) {
      this.#encrypted.set(name, this.#safeStorage.encryptString(value).toString('base64'));
      this.#save();
    }
    this.#plain.set(name, value);
  }

  delete(name: SecretName): void {
    this.#plain.delete(name);
    if (this.#unavailableReason === undefined && this.#encrypted.delete(name)) this.#save();
  }

  describe(): { persistent: boolean; reason: string | undefined } {
    return this.#unavailableReason === undefined
      ? { persistent: true, reason: undefined }
      : { persistent: false, reason: this.#unavailableReason };
  }

  #load(): void {
    if (!existsSync(this.#filePath)) return;
    try {
      const parsed = secretsFileSchema.parse(JSON.parse(readFileSync(this.#filePath, 'utf8')));
      for (const [name, value] of Object.entries(parsed.secrets)) if (value) this.#encrypted.set(name as SecretName, value);
      chmodSync(this.#filePath, FILE_MODE);
    } catch {
      this.#logWarning('The saved keys file could not be read; keys need to be set again.');
    }
  }

  #save(): void {
    const body = JSON.stringify({ version: 1, secrets: Object.fromEntries(this.#encrypted) }, null, 2);
    mkdirSync(dirname(this.#filePath), { recursive: true });
    const temp = `${this.#filePath}.${process.pid}.tmp`;
    try {
      // Created 0600 so the file is never readable by others, even for a moment.
      writeFileSync(temp, body, { mode: FILE_MODE });
      chmodSync(temp, FILE_MODE);
      renameSync(temp, this.#filePath);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  }
}

function unavailableReason(safeStorage: SafeStorageLike, platform: NodeJS.Platform): string | undefined {
  if (!safeStorage.isEncryptionAvailable()) {
    return 'This system offers Motif no encrypted key storage, so keys are kept in memory until you quit.';
  }
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    return 'No system keyring (GNOME Keyring or KWallet) was found, so keys are kept in memory until you quit rather than saved unprotected.';
  }
  return undefined;
}
