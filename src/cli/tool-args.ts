import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { REQUEST_LIMITS, TASK_LIMITS } from '../core/contract/request-limits.ts';
import { parseWholeNumber, usageError } from './cli-errors.ts';

/** The tool commands: `motif upscale`, `motif remove-bg`, `motif vary`. */
export type ToolCommand = 'upscale' | 'remove-bg' | 'vary';

/** Engine field names → the flags and arguments that set them, so errors name what the user typed. */
export const TOOL_FLAG_NAMES: Readonly<Record<string, string>> = {
  source: 'image',
  factor: '--factor',
  strength: '--strength',
  count: '-n',
  prompt: '--prompt',
  seed: '--seed',
};

/** What a tool command was asked, before its image is read: the task without its source. */
type ToolOptions =
  | { readonly task: 'upscale'; readonly factor?: 2 | 3 | 4 }
  | { readonly task: 'remove-background' }
  | {
      readonly task: 'vary';
      readonly strength?: 'subtle' | 'strong';
      readonly count?: number;
      readonly prompt?: string;
      readonly seed?: number;
    };

export interface ToolArgs {
  readonly help: boolean;
  /** A library entry id, or the path of an image file (an argument naming an existing file is a file). */
  readonly image: string;
  readonly options: ToolOptions;
  /** Absolute output folder. */
  readonly outDir: string;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly noCache: boolean;
  /** `--strip-metadata`: files carry no prompt or settings (for clients). */
  readonly stripMetadata: boolean;
}

const COMMON = {
  output: { type: 'string', short: 'o' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'no-cache': { type: 'boolean' },
  'strip-metadata': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const OPTIONS = {
  upscale: { ...COMMON, factor: { type: 'string' } },
  'remove-bg': COMMON,
  vary: {
    ...COMMON,
    strength: { type: 'string' },
    count: { type: 'string', short: 'n' },
    prompt: { type: 'string' },
    seed: { type: 'string' },
  },
} as const;

/**
 * Parses the arguments of `motif upscale | remove-bg | vary <id|file>`.
 * Throws `invalid_request` naming the flag (`--factor`, `-n`, …) or `image`.
 */
export function parseToolArgs(command: ToolCommand, argv: readonly string[], cwd: string): ToolArgs {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS[command] });
  const flags = values as Record<string, string | boolean | undefined>;
  const text = (name: string): string | undefined => flags[name] as string | undefined;
  const base = {
    outDir: resolve(cwd, text('output') ?? '.'),
    json: flags.json === true,
    quiet: flags.quiet === true,
    noCache: flags['no-cache'] === true,
    stripMetadata: flags['strip-metadata'] === true,
  };
  if (flags.help === true) return { help: true, image: '', options: { task: 'remove-background' }, ...base };
  if (positionals.length !== 1) throw usageError('image', `give one library id or image file, e.g. motif ${command} ./balloons.png`);
  if (text('output')?.trim() === '') throw usageError('-o', 'must name a folder');
  return { help: false, image: positionals[0]!, options: toolOptions(command, text), ...base };
}

function toolOptions(command: ToolCommand, text: (name: string) => string | undefined): ToolOptions {
  if (command === 'upscale') {
    const factor = text('factor');
    if (factor === undefined) return { task: 'upscale' };
    if (!TASK_LIMITS.upscaleFactors.map(String).includes(factor.trim()))
      throw usageError('--factor', `must be ${TASK_LIMITS.upscaleFactors.join(', ')}, got "${factor.slice(0, 20)}"`);
    return { task: 'upscale', factor: Number(factor) as 2 | 3 | 4 };
  }
  if (command === 'remove-bg') return { task: 'remove-background' };
  const strength = text('strength');
  if (strength !== undefined && strength !== 'subtle' && strength !== 'strong')
    throw usageError('--strength', `must be subtle or strong, got "${strength.slice(0, 20)}"`);
  const count = parseWholeNumber(text('count'), '-n', 1, TASK_LIMITS.maxVariations);
  const seed = parseWholeNumber(text('seed'), '--seed', 0, REQUEST_LIMITS.maxSeed);
  const prompt = text('prompt');
  if (prompt !== undefined && prompt.trim() === '') throw usageError('--prompt', 'must not be empty');
  return {
    task: 'vary',
    ...(strength === undefined ? {} : { strength }),
    ...(count === undefined ? {} : { count }),
    ...(prompt === undefined ? {} : { prompt }),
    ...(seed === undefined ? {} : { seed }),
  };
}
