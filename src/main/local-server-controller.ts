import { randomBytes } from 'node:crypto';
import type { MotifApi } from '../core/service/motif-api.ts';
import type { Settings } from '../core/contract/settings-schema.ts';
import type { SecretStore } from '../core/settings/settings-store.ts';
import type { RunningServer, ServerOptions } from '../server/index.ts';

type StartServer = (service: MotifApi, options: ServerOptions) => Promise<RunningServer>;

export interface LocalServerControllerOptions {
  readonly service: MotifApi;
  /** Where the `server-token` secret lives; read here, never sent to the page. */
  readonly secrets: Pick<SecretStore, 'get'>;
  readonly startServer: StartServer;
  readonly log?: ((line: string) => void) | undefined;
}

/** What the local API is doing now. */
export type LocalServerStatus =
  | { readonly state: 'stopped' }
  | { readonly state: 'running'; readonly url: string; readonly port: number }
  | { readonly state: 'failed'; readonly port: number; readonly message: string };

/**
 * Runs the engine's local HTTP API inside the app when `settings.server`
 * says so: always on 127.0.0.1, always behind the `server-token` secret (one
 * is generated on first start). `sync` is called at start and after every
 * settings change; it starts, stops or restarts the server, one change at a time.
 */
export class LocalServerController {
  readonly #options: LocalServerControllerOptions;
  #running: { server: RunningServer; port: number; token: string } | undefined;
  #status: LocalServerStatus = { state: 'stopped' };
  #queue: Promise<void> = Promise.resolve();

  constructor(options: LocalServerControllerOptions) {
    this.#options = options;
  }

  get status(): LocalServerStatus {
    return this.#status;
  }

  /** Brings the server in line with the settings. Never rejects; a failure shows in `status`. */
  sync(server: Settings['server']): Promise<void> {
    this.#queue = this.#queue.then(() => this.#apply(server));
    return this.#queue;
  }

  /** Stops the server (at quit). */
  close(): Promise<void> {
    this.#queue = this.#queue.then(() => this.#stop());
    return this.#queue;
  }

  async #apply(server: Settings['server']): Promise<void> {
    if (!server.enabled) {
      await this.#stop();
      return;
    }
    try {
      const token = await this.#token();
      if (this.#running && this.#running.port === server.port && this.#running.token === token) return;
      await this.#stop();
      const started = await this.#options.startServer(this.#options.service, { host: '127.0.0.1', port: server.port, token });
      this.#running = { server: started, port: server.port, token };
      this.#status = { state: 'running', url: started.url, port: server.port };
      this.#options.log?.(`Local API listening on ${started.url}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#status = { state: 'failed', port: server.port, message };
      this.#options.log?.(`Local API could not start on port ${server.port}: ${message}`);
    }
  }

  async #token(): Promise<string> {
    const existing = this.#options.secrets.get('server-token');
    if (existing) return existing;
    // Through the engine, so the settings view shows the token as set.
    await this.#options.service.setSecret('server-token', randomBytes(32).toString('base64url'));
    const created = this.#options.secrets.get('server-token');
    if (!created) throw new Error('The local API token could not be stored.');
    return created;
  }

  async #stop(): Promise<void> {
    const running = this.#running;
    this.#running = undefined;
    this.#status = { state: 'stopped' };
    if (!running) return;
    try {
      await running.server.close();
      this.#options.log?.('Local API stopped');
    } catch (error) {
      this.#options.log?.(`Local API did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
