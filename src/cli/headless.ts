import type { MotifApi } from '../core/service/motif-api.ts';

/**
 * Opens the headless engine: settings and library in `MOTIF_DATA_DIR` (or the
 * platform's user-data folder), keys from the environment. Imported lazily so
 * `--help` and argument errors never start the engine.
 */
export async function openHeadlessService(env: NodeJS.ProcessEnv): Promise<MotifApi> {
  const { createHeadlessMotifService } = await import('../core/service/create-motif-service.ts');
  return createHeadlessMotifService({ env });
}
