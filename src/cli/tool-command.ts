import { stat, readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { imageTaskInputSchema, TASK_LIMITS, type ImageSourceInput, type ImageTaskInput } from '../core/contract/image-task.ts';
import { zodErrorToMotifError } from '../core/errors/zod-error.ts';
import { EXIT, reportError, usageError } from './cli-errors.ts';
import type { CliIo } from './cli-io.ts';
import { HELP } from './help.ts';
import { runJobCommand } from './job-command.ts';
import { parseToolArgs, TOOL_FLAG_NAMES, type ToolArgs, type ToolCommand } from './tool-args.ts';

/**
 * The image, as the engine takes it: an argument that names an existing file
 * is read (PNG, JPEG or WebP, at most the engine's limit; the engine sniffs
 * the bytes), anything else is a library entry id.
 */
async function readSource(image: string, cwd: string): Promise<ImageSourceInput> {
  const path = resolve(cwd, image);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return { entryId: image };
  if (!info.isFile()) throw usageError('image', `${image} is a folder, not an image file`);
  if (info.size > TASK_LIMITS.maxSourceBytes)
    throw usageError('image', `${image} is larger than ${TASK_LIMITS.maxSourceBytes / 1024 / 1024} MB, the largest image Motif takes`);
  return { bytes: new Uint8Array(await readFile(path)), name: basename(path) };
}

/** The task request: the options plus the image, checked against the engine's contract. */
async function taskInput(args: ToolArgs, cwd: string): Promise<ImageTaskInput> {
  const input = { ...args.options, source: await readSource(args.image, cwd), ...(args.noCache ? { noCache: true } : {}) };
  const checked = imageTaskInputSchema.safeParse(input);
  if (!checked.success) throw zodErrorToMotifError(checked.error, { paramMap: TOOL_FLAG_NAMES });
  return input as ImageTaskInput;
}

/**
 * `motif upscale | remove-bg | vary <id|file> [options]`: runs the tool on a
 * library image or an image file (imported into the library first, so the
 * result links back to it), writes the results into the output folder like
 * `motif generate` and prints where each came from.
 */
export function toolCommand(command: ToolCommand): (argv: readonly string[], io: CliIo) => Promise<number> {
  return async (argv, io) => {
    let args: ToolArgs;
    let input: ImageTaskInput;
    try {
      args = parseToolArgs(command, argv, io.cwd);
      if (args.help) {
        io.stdout(HELP[command]);
        return EXIT.ok;
      }
      input = await taskInput(args, io.cwd);
    } catch (error) {
      return reportError(io, error, command);
    }
    return runJobCommand(io, {
      command,
      outDir: args.outDir,
      json: args.json,
      quiet: args.quiet,
      svg: false,
      stripMetadata: args.stripMetadata,
      follows: (job) => job.task !== undefined && job.task.kind === input.task,
      run: (service, signal) => service.runTask(input, { signal }),
    });
  };
}
