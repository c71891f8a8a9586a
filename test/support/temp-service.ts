import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageProvider } from '../../src/core/contract/image-provider.ts';
import type { MotifConfig } from '../../src/core/config/motif-config.ts';
import { createMotifService } from '../../src/core/service/create-motif-service.ts';
import type { MotifService } from '../../src/core/service/motif-service.ts';
import { MemorySecretStore, MemorySettingsStore } from '../../src/core/settings/settings-store.ts';

export interface TempService {
  readonly service: MotifService;
  readonly dataDir: string;
  readonly settingsStore: MemorySettingsStore;
  readonly secretStore: MemorySecretStore;
  /** Closes this service and opens a new one on the same folders, as an app restart would. */
  restart(options?: { providers?: readonly ImageProvider[] }): Promise<MotifService>;
  cleanup(): Promise<void>;
}

/** A real MotifService on a fresh temp folder, with no keys and no network unless given. */
export async function startTempService(
  options: {
    providers?: readonly ImageProvider[];
    config?: MotifConfig;
    settings?: unknown;
    secrets?: Record<string, string>;
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<TempService> {
  const dataDir = await mkdtemp(join(tmpdir(), 'motif-test-'));
  const settingsStore = new MemorySettingsStore(options.settings ?? {});
  const secretStore = new MemorySecretStore(options.secrets ?? {});
  const make = (providers = options.providers): Promise<MotifService> =>
    createMotifService({
      dataDir,
      settingsStore,
      secretStore,
      env: options.env ?? {},
      telemetryIntervalMs: 10,
      ...(options.config ? { config: options.config } : {}),
      ...(providers ? { providers } : {}),
    });
  let service = await make();
  const temp: TempService = {
    get service() {
      return service;
    },
    dataDir,
    settingsStore,
    secretStore,
    async restart(restartOptions = {}) {
      await service.close({ graceMs: 0 });
      service = await make(restartOptions.providers ?? options.providers);
      return service;
    },
    async cleanup() {
      await service.close({ graceMs: 0 }).catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return temp;
}
