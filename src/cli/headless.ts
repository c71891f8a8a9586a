import type { MotifApi } from '../core/service/motif-api.ts';
import type { CliIo } from './cli-io.ts';

/**
 * Opens the headless engine: settings and library in `MOTIF_DATA_DIR` (or the
 * platform's user-data folder), keys from the environment. Imported lazily so
 * `--help` and argument errors never start the engine. Whatever the engine
 * found wrong with its own files (a settings file set aside, an unreadable
 * ledger line) is printed to stderr as a warning: nothing is reset silently.
 */
export async function openHeadlessService(io: Pick<CliIo, 'env' | 'stderr'>): Promise<MotifApi> {
  const { createHeadlessMotifService } = await import('../core/service/create-motif-service.ts');
  const service = await createHeadlessMotifService({ env: io.env });
  for (const notice of service.getSettings().notices) io.stderr(`warning [${notice.file}]: ${notice.message}\n`);
  return service;
}
