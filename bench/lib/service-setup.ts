import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageProvider } from '../../src/core/contract/image-provider.ts';
import { createMotifEngine } from '../../src/core/service/create-motif-service.ts';
import type { EngineParts } from '../../src/core/service/engine-parts.ts';
import type { MotifService } from '../../src/core/service/motif-service.ts';
import { MemorySecretStore, MemorySettingsStore } from '../../src/core/settings/settings-store.ts';

export interface BenchService {
  readonly service: MotifService;
  /** The parts the service was built from, for benchmarks that time one of them alone (the router, single-flight). */
  readonly parts: EngineParts;
  readonly dataDir: string;
  close(): Promise<void>;
}

/**
 * A real MotifService on a fresh temp folder (library, job store, ledger all on
 * disk), with in-memory settings and secrets and no environment: nothing reaches
 * the internet unless a URL in `settings` points somewhere (benchmarks point only
 * at loopback emulators).
 */
export async function startBenchService(
  options: { providers?: readonly ImageProvider[]; settings?: unknown; secrets?: Record<string, string> } = {},
): Promise<BenchService> {
  const dataDir = await mkdtemp(join(tmpdir(), 'motif-bench-'));
  const { service, parts } = await createMotifEngine({
    dataDir,
    settingsStore: new MemorySettingsStore(options.settings ?? {}),
    secretStore: new MemorySecretStore(options.secrets ?? {}),
    env: {},
    ...(options.providers ? { providers: options.providers } : {}),
  });
  return {
    service,
    parts,
    dataDir,
    async close() {
      await service.close({ graceMs: 0 }).catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
