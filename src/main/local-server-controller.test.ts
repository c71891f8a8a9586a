import { describe, expect, it, vi } from 'vitest';
import type { MotifApi } from '../core/service/motif-api.ts';
import { MemorySecretStore } from '../core/settings/settings-store.ts';
import type { ServerOptions } from '../server/index.ts';
import { LocalServerController } from './local-server-controller.ts';

function setup(options: { failPort?: number } = {}) {
  const secrets = new MemorySecretStore();
  const service = { setSecret: vi.fn(async (name: 'server-token', value: string) => secrets.set(name, value)) } as unknown as MotifApi;
  const started: ServerOptions[] = [];
  const closed: number[] = [];
  const startServer = vi.fn(async (_service: MotifApi, serverOptions: ServerOptions) => {
    if (serverOptions.port === options.failPort) throw new Error('listen EADDRINUSE');
    started.push(serverOptions);
    return {
      url: `http://127.0.0.1:${serverOptions.port}`,
      port: serverOptions.port,
      close: async () => void closed.push(serverOptions.port),
    };
  });
  const controller = new LocalServerController({ service, secrets, startServer });
  return { controller, secrets, started, closed, startServer };
}

describe('LocalServerController', () => {
  it('stays off while the setting is off', async () => {
    const { controller, startServer } = setup();
    await controller.sync({ enabled: false, port: 8000 });
    expect(startServer).not.toHaveBeenCalled();
    expect(controller.status).toEqual({ state: 'stopped' });
  });

  it('starts on loopback behind a generated token', async () => {
    const { controller, started, secrets } = setup();
    await controller.sync({ enabled: true, port: 8123 });
    const token = secrets.get('server-token');
    expect(token).toMatch(/^[\w-]{40,}$/);
    expect(started).toEqual([{ host: '127.0.0.1', port: 8123, token }]);
    expect(controller.status).toEqual({ state: 'running', url: 'http://127.0.0.1:8123', port: 8123 });
  });

  it('keeps an existing token', async () => {
    const { controller, started, secrets } = setup();
    secrets.set('server-token', 'token-the-user-already-has');
    await controller.sync({ enabled: true, port: 8000 });
    expect(started[0]?.token).toBe('token-the-user-already-has');
  });

  it('restarts on a new port or a new token and stops when turned off, without an app restart', async () => {
    const { controller, started, closed, secrets } = setup();
    await controller.sync({ enabled: true, port: 8000 });
    await controller.sync({ enabled: true, port: 8000 });
    expect(started).toHaveLength(1);
    await controller.sync({ enabled: true, port: 8001 });
    expect(closed).toEqual([8000]);
    secrets.set('server-token', 'rotated-token-value');
    await controller.sync({ enabled: true, port: 8001 });
    expect(started.at(-1)).toMatchObject({ port: 8001, token: 'rotated-token-value' });
    await controller.sync({ enabled: false, port: 8001 });
    expect(closed).toEqual([8000, 8001, 8001]);
    expect(controller.status).toEqual({ state: 'stopped' });
  });

  it('reports a port it could not bind instead of crashing', async () => {
    const { controller } = setup({ failPort: 8000 });
    await expect(controller.sync({ enabled: true, port: 8000 })).resolves.toBeUndefined();
    expect(controller.status).toEqual({ state: 'failed', port: 8000, message: 'listen EADDRINUSE' });
  });

  it('applies changes one at a time, in order', async () => {
    const { controller, started, closed } = setup();
    await Promise.all([controller.sync({ enabled: true, port: 8000 }), controller.sync({ enabled: true, port: 8001 }), controller.close()]);
    expect(started.map((each) => each.port)).toEqual([8000, 8001]);
    expect(closed).toEqual([8000, 8001]);
  });
});
