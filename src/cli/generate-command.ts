import { reportError, EXIT } from './cli-errors.ts';
import type { CliIo } from './cli-io.ts';
import { parseGenerateArgs, type GenerateArgs } from './generate-args.ts';
import { HELP } from './help.ts';
import { runJobCommand } from './job-command.ts';

/**
 * `motif generate "prompt" [options]`: runs one job on the headless engine,
 * shows its progress on stderr, copies the images into the output folder and
 * prints provider, model, seed and cost of each (or one JSON object with
 * `--json`). The first Ctrl+C cancels the job; a second one quits at once.
 */
export async function generateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let args: GenerateArgs;
  try {
    args = parseGenerateArgs(argv, io.cwd);
  } catch (error) {
    return reportError(io, error, 'generate');
  }
  if (args.help) {
    io.stdout(HELP.generate);
    return EXIT.ok;
  }
  const prompt = args.input.prompt.trim();
  return runJobCommand(io, {
    command: 'generate',
    outDir: args.outDir,
    json: args.json,
    quiet: args.quiet,
    svg: args.svg,
    stripMetadata: args.stripMetadata,
    follows: (job) => job.task === undefined && job.request.prompt.trim() === prompt,
    run: (service, signal) => service.generate(args.input, { signal }),
  });
}
