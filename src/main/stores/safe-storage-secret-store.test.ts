import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SafeStorageSecretStore, type SafeStorageLike } from './safe-storage-secret-store.ts';

/** A stand-in for safeStorage: a reversible transform that never leaves the plaintext readable. */
function fakeSafeStorage(options: { available?: boolean; backend?: string; key?: number } = {}): SafeStorageLike {
  const key = options.key ?? 0x5a;
  const flip = (bytes: Buffer): Buffer => Buffer.from(bytes.map((byte) => byte ^ key));
  return {
    isEncryptionAvailable: () => options.available ?? true,
    encryptString: (plain) => Buffer.concat([Buffer.from('v10'), flip(Buffer.from(plain, 'utf8'))]),
    decryptString: (encrypted) => {
      if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('bad ciphertext');
      const plain = flip(encrypted.subarray(3)).toString('utf8');
      if (!/^[\x20-\x7e]*$/.test(plain)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return plain;
    },
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
  };
}

const KEY = 'rw-live-4f9c2d7e8a1b3c5d';

describe('SafeStorageSecretStore', () => {
  let dir: string;
  let filePath: string;
  const warnings: string[] = [];
  const open = (safeStorage = fakeSafeStorage(), platform: NodeJS.Platform = 'linux') =>
    new SafeStorageSecretStore({ safeStorage, filePath, platform, logWarning: (message) => warnings.push(message) });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'motif-secrets-'));
    filePath = join(dir, 'secrets.json');
    warnings.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps keys encrypted on disk, in a file only the user can read', () => {
    const store = open();
    store.set('runware', KEY);
    const onDisk = readFileSync(filePath, 'utf8');
    expect(onDisk).not.toContain(KEY);
    expect(onDisk).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(JSON.parse(onDisk)).toMatchObject({ version: 1, secrets: { runware: expect.any(String) } });
    if (process.platform !== 'win32') expect(statSync(filePath).mode & 0o777).toBe(0o600);
    expect(store.describe()).toEqual({ persistent: true, reason: undefined });
  });

  it('reads keys back after a restart', () => {
    open().set('openai', KEY);
    const reopened = open();
    expect(reopened.get('openai')).toBe(KEY);
    expect(reopened.get('runware')).toBeUndefined();
  });

  it('forgets a deleted key on disk too', () => {
    const store = open();
    store.set('runware', KEY);
    store.delete('runware');
    expect(store.get('runware')).toBeUndefined();
    expect(open().get('runware')).toBeUndefined();
  });

  it('tightens the mode of an existing file that was readable by others', () => {
    open().set('runware', KEY);
    chmodSync(filePath, 0o644);
    open();
    if (process.platform !== 'win32') expect(statSync(filePath).mode & 0o777).toBe(0o600);
  });

  it('holds keys in memory only, and says why, when the OS offers no encryption', () => {
    const store = open(fakeSafeStorage({ available: false }));
    store.set('runware', KEY);
    expect(store.get('runware')).toBe(KEY);
    expect(() => statSync(filePath)).toThrow();
    expect(store.describe()).toEqual({ persistent: false, reason: expect.stringContaining('in memory') });
    expect(open(fakeSafeStorage({ available: false })).get('runware')).toBeUndefined();
  });

  it('treats Linux without a keyring (basic_text) as no encryption', () => {
    const store = open(fakeSafeStorage({ backend: 'basic_text' }));
    store.set('runware', KEY);
    expect(() => statSync(filePath)).toThrow();
    expect(store.describe()).toEqual({ persistent: false, reason: expect.stringContaining('keyring') });
  });

  it('counts a key it cannot decrypt any more as not set', () => {
    open(fakeSafeStorage({ key: 0x5a })).set('runware', KEY);
    const store = open(fakeSafeStorage({ key: 0xa5 }));
    expect(store.get('runware')).toBeUndefined();
    expect(warnings.join(' ')).not.toContain(KEY);
  });

  it('starts empty, without crashing, from a damaged file', () => {
    writeFileSync(filePath, '{not json');
    const store = open();
    expect(store.get('runware')).toBeUndefined();
    store.set('runware', KEY);
    expect(open().get('runware')).toBe(KEY);
  });
});
