import { describe, expect, it } from 'vitest';
import { MemorySecretStore, MemorySettingsStore } from './settings-store.ts';
import { SettingsService } from './settings-service.ts';
import { DEFAULT_SETTINGS } from './settings-schema.ts';

describe('SettingsService', () => {
  it('starts from defaults and persists validated updates', () => {
    const store = new MemorySettingsStore();
    const service = new SettingsService(store, new MemorySecretStore());
    expect(service.get()).toEqual(DEFAULT_SETTINGS);
    service.update({ defaults: { style: 'wedding' }, budget: { dailyCapUsd: 5 } });
    const reopened = new SettingsService(store, new MemorySecretStore());
    expect(reopened.get().defaults).toMatchObject({ style: 'wedding', size: '1024x1024' });
    expect(reopened.get().budget.dailyCapUsd).toBe(5);
  });

  it('rejects a bad patch naming the field, and keeps the old value', () => {
    const service = new SettingsService(new MemorySettingsStore(), new MemorySecretStore());
    expect(() => service.update({ defaults: { count: 99 } })).toThrow(
      expect.objectContaining({ code: 'invalid_request', param: 'defaults.count' }),
    );
    expect(() => service.update({ nonsense: true } as never)).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    expect(service.get().defaults.count).toBe(2);
  });

  it('migrates version 1 settings', () => {
    const store = new MemorySettingsStore({ runwareUrl: 'ws://127.0.0.1:9/v1', defaultSize: '832x1216', theme: 'dark' });
    const service = new SettingsService(store, new MemorySecretStore());
    expect(service.get().providers.runware.wsUrl).toBe('ws://127.0.0.1:9/v1');
    expect(service.get().defaults.size).toBe('832x1216');
    expect(service.get().theme).toBe('dark');
    expect(service.get().schemaVersion).toBe(2);
  });

  it('resets only a field that does not validate, and says which', () => {
    const service = new SettingsService(new MemorySettingsStore({ schemaVersion: 2, theme: 42 }), new MemorySecretStore());
    expect(service.get()).toEqual(DEFAULT_SETTINGS);
    expect(service.notices[0]?.message).toMatch(/theme/);
  });

  it('stores keys only in the secret store and reports only whether they are set', () => {
    const store = new MemorySettingsStore();
    const secrets = new MemorySecretStore();
    const service = new SettingsService(store, secrets);
    service.setSecret('runware', 'rw-secret-key-123');
    expect(service.secretsSet()).toEqual({ runware: true, openai: false, fal: false, 'server-token': false });
    expect(JSON.stringify(store.read())).not.toContain('rw-secret-key-123');
    expect(() => service.setSecret('openai', 'short')).toThrow(expect.objectContaining({ param: 'key' }));
    service.clearSecret('runware');
    expect(service.secretsSet().runware).toBe(false);
  });

  it('binds a stored key to the address it was saved for: changing the address forgets it, other changes keep it', () => {
    const secrets = new MemorySecretStore({ openai: 'sk-openai-key-123', runware: 'rw-key-12345678' });
    const service = new SettingsService(new MemorySettingsStore(), secrets);
    service.update({ theme: 'dark', providers: { openai: { enabled: false } } });
    expect(service.secretsSet()).toMatchObject({ openai: true, runware: true });
    service.update({ providers: { openai: { baseUrl: 'http://127.0.0.1:19500/v1' } } });
    expect(service.secretsSet()).toMatchObject({ openai: false, runware: true });
    service.update({ providers: { runware: { wsUrl: 'ws://127.0.0.1:19501/v1' } } });
    expect(service.secretsSet()).toMatchObject({ runware: false });
    // The same address again is no change.
    service.setSecret('openai', 'sk-openai-key-456');
    service.update({ providers: { openai: { baseUrl: 'http://127.0.0.1:19500/v1' } } });
    expect(service.secretsSet()).toMatchObject({ openai: true });
  });
});
