import { EXIT } from './cli-errors.ts';
import type { CliIo } from './cli-io.ts';
import { HELP, providersHelp } from './help.ts';

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

/**
 * Each command is loaded only when it runs: `motif --help` reads no engine,
 * `motif generate` no HTTP server, and only `motif serve` loads Fastify.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  generate: async () => (await import('./generate-command.ts')).generateCommand,
  vary: async () => (await import('./tool-command.ts')).toolCommand('vary'),
  upscale: async () => (await import('./tool-command.ts')).toolCommand('upscale'),
  'remove-bg': async () => (await import('./tool-command.ts')).toolCommand('remove-bg'),
  serve: async () => (await import('./serve-command.ts')).serveCommand,
  library: async () => (await import('./library-command.ts')).libraryCommand,
  jobs: async () => (await import('./jobs-command.ts')).jobsCommand,
  models: async () => (await import('./models-command.ts')).modelsCommand,
  emulator: async () => (await import('./emulator-command.ts')).emulatorCommand,
  print: async () => (await import('./print-command.ts')).printCommand('print'),
  bunting: async () => (await import('./print-command.ts')).printCommand('bunting'),
  stickers: async () => (await import('./print-command.ts')).printCommand('stickers'),
  pattern: async () => (await import('./print-command.ts')).printCommand('pattern'),
};

/** Runs `motif <command> ...` and resolves with the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    io.stdout(
      topic === 'providers'
        ? await providersHelp()
        : topic !== undefined && Object.hasOwn(HELP, topic)
          ? HELP[topic as keyof typeof HELP]
          : HELP.main,
    );
    return command === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (command === '-v' || command === '--version') {
    const { versionCommand } = await import('./version-command.ts');
    return versionCommand(rest, io);
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    io.stderr(
      `error [invalid_request]: unknown command "${command.slice(0, 40)}"; commands: ${Object.keys(COMMANDS).join(', ')}\nRun "motif --help" for usage.\n`,
    );
    return EXIT.badInput;
  }
  const run = await load();
  return run(rest, io);
}
