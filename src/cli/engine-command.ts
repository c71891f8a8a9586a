import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import type { MotifApi } from '../core/service/motif-api.ts';
import { EXIT, reportError } from './cli-errors.ts';
import type { CliIo } from './cli-io.ts';
import { openHeadlessService } from './headless.ts';
import { HELP } from './help.ts';

const HELP_FLAG = { help: { type: 'boolean', short: 'h' } } as const;

/** What a command's flags parse to: its own options plus `--help`, with positionals. */
type CommandArgs<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ options: O & typeof HELP_FLAG; allowPositionals: true; strict: true }>
>;

/** A command that works on the headless engine: its help page, its flags, and what it does. */
export interface EngineCommand<O extends ParseArgsOptionsConfig> {
  readonly name: keyof typeof HELP;
  readonly options: O;
  /** Runs the command; `engine()` opens the headless engine on first call (after the flags are checked, so bad input costs nothing). */
  run(args: CommandArgs<O>, engine: () => Promise<MotifApi>, io: CliIo): Promise<number>;
}

/**
 * The frame every engine command shares: strict flag parsing (an unknown or
 * malformed flag exits 2 naming it), `--help`, the engine opened only when
 * needed and always closed, and any error reported as `error [code]` with the
 * command's exit code.
 */
export function engineCommand<O extends ParseArgsOptionsConfig>(
  command: EngineCommand<O>,
): (argv: readonly string[], io: CliIo) => Promise<number> {
  return async (argv, io) => {
    let service: MotifApi | undefined;
    try {
      const args = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { ...command.options, ...HELP_FLAG } });
      if ((args.values as { help?: boolean }).help === true) {
        io.stdout(HELP[command.name]);
        return EXIT.ok;
      }
      return await command.run(args as unknown as CommandArgs<O>, async () => (service ??= await openHeadlessService(io)), io);
    } catch (error) {
      return reportError(io, error, command.name);
    } finally {
      await service?.close().catch(() => undefined);
    }
  };
}
