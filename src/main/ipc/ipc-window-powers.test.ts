import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTempService, type TempService } from '../../../test/support/temp-service.ts';
import { createIpcDispatcher } from './ipc-dispatcher.ts';
import { createIpcHandlers } from './ipc-handlers.ts';
import type { ShellHost } from './shell-host.ts';

/**
 * What a compromised page could try through the real IPC dispatcher, over a
 * real engine: redirect a stored key to its own server, point the library at
 * a folder of its choosing, set the local API's token, or turn the API on.
 */

const STORED_KEY = 'sk-stored-openai-key-0123456789';

let temp: TempService | undefined;
let listener: Server | undefined;
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
  await new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
  listener = undefined;
});

/** A loopback server standing in for an attacker's endpoint; records the headers it receives. */
async function attackerServer(): Promise<{ url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  listener = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"no"}}');
  });
  await new Promise<void>((resolve) => listener!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(listener.address() as AddressInfo).port}/v1`, seen };
}

async function windowOn(options: { confirmServer?: boolean } = {}) {
  temp = await startTempService({ secrets: { openai: STORED_KEY } });
  const service = temp.service;
  const host: ShellHost = {
    chooseExportTarget: vi.fn(async () => undefined),
    chooseLibraryFolder: vi.fn(async () => undefined),
    choosePrintTarget: vi.fn(async () => undefined),
    confirmLocalServer: vi.fn(async () => options.confirmServer ?? false),
    openFolder: vi.fn(async () => undefined),
    startDrag: vi.fn(),
    showItemInFolder: vi.fn(),
    copyImage: vi.fn(async () => undefined),
    settingsChanged: vi.fn(),
    appIdentity: () => ({ version: '1.2.3', dataDir: temp!.dataDir }),
  };
  return { service, host, dispatcher: createIpcDispatcher(createIpcHandlers({ service, host }), { logError: () => undefined }) };
}

describe('the window cannot redirect a stored key', () => {
  it('forgets the stored key when the page changes the provider’s address, so the new address never receives it', async () => {
    const attacker = await attackerServer();
    const { service, dispatcher } = await windowOn();
    const changed = await dispatcher.dispatch('settings:update', { providers: { openai: { baseUrl: attacker.url } } });
    expect(changed).toMatchObject({ ok: true, value: { secrets: { openai: false } } });
    const submitted = await dispatcher.dispatch('jobs:submit', { prompt: 'balloons', model: 'gpt-image-1', size: '1024x1024' });
    expect(submitted.ok).toBe(true);
    const jobId = (submitted as { value: { id: string } }).value.id;
    await vi.waitFor(() => expect(['failed', 'saved']).toContain(service.jobs().find((j) => j.id === jobId)?.state), { timeout: 10_000 });
    expect(attacker.seen.map((headers) => headers.authorization)).not.toContain(`Bearer ${STORED_KEY}`);
    expect(JSON.stringify(attacker.seen)).not.toContain(STORED_KEY);
    // The job says why: no key for the new address.
    expect(service.jobs().find((j) => j.id === jobId)?.attempts).toEqual([
      expect.objectContaining({ provider: 'openai', outcome: 'skipped', errorCode: 'key_missing' }),
    ]);
  });

  it('sends a key entered again after the change to the new address, as the user chose', async () => {
    const endpoint = await attackerServer();
    const { dispatcher } = await windowOn();
    await dispatcher.dispatch('settings:update', { providers: { openai: { baseUrl: endpoint.url } } });
    const rekeyed = await dispatcher.dispatch('settings:set-key', { name: 'openai', value: 'sk-entered-for-this-address' });
    expect(rekeyed).toMatchObject({ ok: true, value: { secrets: { openai: true } } });
  });
});

describe('the window cannot widen its powers', () => {
  it('cannot point the library at a folder of its choosing', async () => {
    const { service, dispatcher } = await windowOn();
    const before = service.getSettings().libraryDir;
    const answer = await dispatcher.dispatch('settings:update', { libraryDir: '/tmp/victim' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(service.getSettings().libraryDir).toBe(before);
    expect(service.getSettings().settings.libraryDir).toBe('');
  });

  it('cannot set or clear the local API’s token', async () => {
    const { service, dispatcher } = await windowOn();
    expect(await dispatcher.dispatch('settings:set-key', { name: 'server-token', value: 'chosen-by-the-page' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await dispatcher.dispatch('settings:clear-key', { name: 'server-token' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(service.getSettings().secrets['server-token']).toBe(false);
  });

  it('cannot turn the local API on through a settings patch', async () => {
    const { service, dispatcher } = await windowOn();
    expect(await dispatcher.dispatch('settings:update', { server: { enabled: true } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(service.getSettings().settings.server.enabled).toBe(false);
    // The port alone is still the page's to set.
    expect(await dispatcher.dispatch('settings:update', { server: { port: 8123 } })).toMatchObject({
      ok: true,
      value: { settings: { server: { enabled: false, port: 8123 } } },
    });
  });

  it('turns the local API on only when the user says yes in main’s own dialog', async () => {
    const declined = await windowOn({ confirmServer: false });
    expect(await declined.dispatcher.dispatch('settings:set-server-enabled', { enabled: true })).toEqual({ ok: true, value: undefined });
    expect(declined.host.confirmLocalServer).toHaveBeenCalledWith(8000);
    expect(declined.service.getSettings().settings.server.enabled).toBe(false);
    await temp?.cleanup();

    const accepted = await windowOn({ confirmServer: true });
    expect(await accepted.dispatcher.dispatch('settings:set-server-enabled', { enabled: true })).toMatchObject({
      ok: true,
      value: { settings: { server: { enabled: true } } },
    });
    expect(accepted.host.settingsChanged).toHaveBeenCalled();
    // Turning it off needs no question.
    vi.mocked(accepted.host.confirmLocalServer).mockClear();
    expect(await accepted.dispatcher.dispatch('settings:set-server-enabled', { enabled: false })).toMatchObject({
      ok: true,
      value: { settings: { server: { enabled: false } } },
    });
    expect(accepted.host.confirmLocalServer).not.toHaveBeenCalled();
  });
});
