import { readFileSync } from 'node:fs';
import { EXIT } from './cli-errors.ts';
import type { CliIo } from './cli-io.ts';
import { emulatorCommand } from './emulator-command.ts';
import { generateCommand } from './generate-command.ts';
import { HELP } from './help.ts';
import { libraryCommand } from './library-command.ts';
import { serveCommand } from './serve-command.ts';
import { printCommand } from './print-command.ts';

const COMMANDS: Readonly<Record<string, (argv: readonly string[], io: CliIo) => Promise<number>>> = {
  generate: generateCommand,
  serve: serveCommand,
  library: libraryCommand,
  emulator: emulatorCommand,
  print: printCommand('print'),
  bunting: printCommand('bunting'),
  stickers: printCommand('stickers'),
  pattern: printCommand('pattern'),
};

/** Runs `motif <command> ...` and resolves with the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    io.stdout(topic !== undefined && Object.hasOwn(HELP, topic) ? HELP[topic as keyof typeof HELP] : HELP.main);
    return command === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(`${version()}\n`);
    return EXIT.ok;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) {
    io.stderr(`error [invalid_request]: unknown command "${command.slice(0, 40)}"; commands: ${Object.keys(COMMANDS).join(', ')}\nRun "motif --help" for usage.\n`);
    return EXIT.badInput;
  }
  return run(rest, io);
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return `motif ${pkg.version ?? 'unknown'}`;
  } catch {
    return 'motif (version unknown)';
  }
}
