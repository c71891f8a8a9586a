import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXIT } from './cli-errors.ts';
import type { CliIo } from './cli-io.ts';
import { HELP } from './help.ts';

const EMULATOR_MAIN = fileURLToPath(new URL('../../test/emulators/main.ts', import.meta.url));

/** `motif emulator ...`: runs `test/emulators/main.ts` with the same arguments when this checkout has it. */
export async function emulatorCommand(argv: readonly string[], io: CliIo): Promise<number> {
  if (!existsSync(EMULATOR_MAIN)) {
    io.stderr('error: the emulators are not part of this installation (test/emulators/main.ts is missing).\n');
    return argv.includes('--help') || argv.includes('-h') ? (io.stdout(HELP.emulator), EXIT.ok) : EXIT.failure;
  }
  const child = spawn(process.execPath, [EMULATOR_MAIN, ...argv], { stdio: 'inherit', env: io.env });
  const forward = (signal: 'SIGINT' | 'SIGTERM') => () => void child.kill(signal);
  const offs = [io.onSignal('SIGINT', forward('SIGINT')), io.onSignal('SIGTERM', forward('SIGTERM'))];
  try {
    return await new Promise<number>((resolve) => {
      child.once('error', (error) => {
        io.stderr(`error: could not start the emulators: ${error.message}\n`);
        resolve(EXIT.failure);
      });
      child.once('exit', (code, signal) => resolve(code ?? (signal ? EXIT.cancelled : EXIT.failure)));
    });
  } finally {
    for (const off of offs) off();
  }
}
