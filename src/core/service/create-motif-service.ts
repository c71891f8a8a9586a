import { join } from 'node:path';
import type { ImageProvider } from '../contract/image-provider.ts';
import { loadMotifConfig, type MotifConfig } from '../config/motif-config.ts';
import { JobStore } from '../jobs/job-store.ts';
import type { DataNotice } from '../contract/data-notice.ts';
import { ConfSettingsStore } from '../settings/conf-settings-store.ts';
import { SettingsService } from '../settings/settings-service.ts';
import { environmentSecretStore, type SecretStore, type SettingsStore } from '../settings/settings-store.ts';
import { systemClock, type Clock } from '../util/clock.ts';
import { systemRandom, type Random } from '../util/random.ts';
import { defaultDataDir } from '../settings/data-dir.ts';
import { EngineParts } from './engine-parts.ts';
import { MotifService } from './motif-service.ts';

export interface MotifServiceOptions {
  /** Holds jobs, the cost ledger and breaker state; the library too unless settings name another folder. */
  readonly dataDir: string;
  readonly settingsStore: SettingsStore;
  readonly secretStore: SecretStore;
  readonly env?: NodeJS.ProcessEnv;
  /** Providers and model routes from a MOTIF_CONFIG file. */
  readonly config?: MotifConfig;
  readonly clock?: Clock;
  readonly random?: Random;
  /** Extra or replacement providers (tests and demos). */
  readonly providers?: readonly ImageProvider[];
  readonly telemetryIntervalMs?: number;
}

/** Builds a ready MotifService; jobs left unfinished by the last run come back as interrupted. */
export async function createMotifService(options: MotifServiceOptions): Promise<MotifService> {
  const env = options.env ?? process.env;
  const settings = new SettingsService(options.settingsStore, options.secretStore);
  const notices: DataNotice[] = [...settings.notices];
  const chosenDir = settings.get().libraryDir;
  const libraryDir = chosenDir || join(options.dataDir, 'library');
  const parts = await EngineParts.create({
    dataDir: options.dataDir,
    settings,
    config: options.config,
    env,
    clock: options.clock ?? systemClock,
    random: options.random ?? systemRandom,
    extraProviders: options.providers ?? [],
    notices,
    ...(options.telemetryIntervalMs === undefined ? {} : { telemetryIntervalMs: options.telemetryIntervalMs }),
  }, libraryDir, chosenDir === '');
  const jobStore = new JobStore(join(options.dataDir, 'jobs'));
  const interrupted = await jobStore.loadInterrupted();
  notices.push(...jobStore.notices);
  return new MotifService(parts, jobStore, interrupted);
}

export { defaultDataDir } from '../settings/data-dir.ts';

/**
 * The engine for `motif generate` and `motif serve`: settings in the data
 * folder via `conf`, keys from environment variables, providers and routes
 * from MOTIF_CONFIG when set.
 */
export async function createHeadlessMotifService(options: { env?: NodeJS.ProcessEnv; dataDir?: string; providers?: readonly ImageProvider[]; clock?: Clock; random?: Random } = {}): Promise<MotifService> {
  const env = options.env ?? process.env;
  const dataDir = options.dataDir ?? defaultDataDir(env);
  const config = env.MOTIF_CONFIG ? await loadMotifConfig(env.MOTIF_CONFIG) : undefined;
  return createMotifService({
    dataDir,
    settingsStore: new ConfSettingsStore(dataDir),
    secretStore: environmentSecretStore(env),
    env,
    ...(config ? { config } : {}),
    ...(options.providers ? { providers: options.providers } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
}
