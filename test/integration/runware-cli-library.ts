import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';
import { cliEnv, runCli } from './cli-harness.ts';

/** A library entry as `motif library --json` lists it. */
interface CliLibraryItem {
  readonly id: string;
  readonly provider: string;
  readonly width: number;
  readonly parentId?: string;
  readonly task?: string;
}

export interface RunwareCliLibrary {
  readonly emulator: RunwareEmulator;
  /** A temp folder: the data folder is `<root>/data`. */
  readonly root: string;
  /** The CLI's environment, with the Runware key and the emulator's addresses. */
  readonly env: NodeJS.ProcessEnv;
  /** The library, newest first. */
  library(): Promise<CliLibraryItem[]>;
  close(): Promise<void>;
}

/** A CLI data folder whose library holds one Runware image (`balloons and confetti`, seed 4), made on the emulator. */
export async function startRunwareCliLibrary(options: { key: string; seed: number; size: string }): Promise<RunwareCliLibrary> {
  const emulator = await startRunwareEmulator({ apiKey: options.key, seed: options.seed });
  const root = await mkdtemp(join(tmpdir(), 'motif-cli-runware-'));
  const env = cliEnv(join(root, 'data'), {
    RUNWARE_API_KEY: options.key,
    RUNWARE_WS_URL: emulator.wsUrl,
    RUNWARE_API_URL: emulator.restUrl,
  });
  const made = await runCli(['generate', 'balloons and confetti', '--size', options.size, '--seed', '4', '-o', join(root, 'made')], {
    env,
    cwd: root,
  });
  expect(made.code, made.stderr).toBe(0);
  return {
    emulator,
    root,
    env,
    library: async () =>
      (JSON.parse((await runCli(['library', '--json'], { env, cwd: root })).stdout) as { items: CliLibraryItem[] }).items,
    async close() {
      await emulator.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
