import { describe, expect, it } from 'vitest';
import { ElectronSettingsStore, type JsonDocumentStore } from './electron-settings-store.ts';

describe('ElectronSettingsStore', () => {
  it('reads and writes the whole settings document through the store', () => {
    const document: JsonDocumentStore = { store: { theme: 'dark' } };
    const settings = new ElectronSettingsStore(document);
    expect(settings.read()).toEqual({ theme: 'dark' });
    settings.write({ theme: 'light', server: { enabled: false, port: 8000 } });
    expect(document.store).toEqual({ theme: 'light', server: { enabled: false, port: 8000 } });
  });

  it('hands out copies, so callers cannot change the stored document behind its back', () => {
    const document: JsonDocumentStore = { store: { server: { port: 8000 } } };
    const settings = new ElectronSettingsStore(document);
    (settings.read() as { server: { port: number } }).server.port = 1;
    expect(document.store).toEqual({ server: { port: 8000 } });
  });

  it('refuses anything but an object', () => {
    const settings = new ElectronSettingsStore({ store: {} });
    expect(() => settings.write(null)).toThrow(TypeError);
    expect(() => settings.write([1])).toThrow(TypeError);
  });
});
