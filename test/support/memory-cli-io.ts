import { join } from 'node:path';
import type { CliIo } from '../../src/cli/cli-io.ts';

/** A CliIo that records what the command printed; `exit` throws so a test sees it. */
export type MemoryCliIo = CliIo & { readonly out: string[]; readonly err: string[] };

/**
 * The command line in memory, run in `root` with its data in `root/data` (no keys: only the offline
 * engine can draw). Without a root, it has no data folder and runs in /tmp (for commands that touch none).
 */
export function memoryCliIo(root?: string): MemoryCliIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    env: root === undefined ? {} : { MOTIF_DATA_DIR: join(root, 'data') },
    cwd: root ?? '/tmp',
    onSignal: () => () => undefined,
    exit: (code) => {
      throw new Error(`exit ${code}`);
    },
  };
}
