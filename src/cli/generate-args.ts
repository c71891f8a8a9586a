import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { generateInputSchema, REQUEST_LIMITS, type GenerateInput } from '../core/contract/image-request.ts';
import { zodErrorToMotifError } from '../core/errors/zod-error.ts';
import { isLayoutId, LAYOUT_IDS, type LayoutId } from '../core/contract/offline-design.ts';
import { parseWholeNumber, usageError } from './cli-errors.ts';

/** Engine field names → the flags that set them, so errors name what the user typed. */
const GENERATE_FLAG_NAMES: Readonly<Record<string, string>> = {
  prompt: 'prompt',
  style: '--style',
  size: '--size',
  count: '-n',
  seed: '--seed',
  format: '--format',
  model: '--model',
  negativePrompt: '--negative',
  allowFallback: '--fallback',
  layout: '--layout',
};

export interface GenerateArgs {
  readonly help: boolean;
  readonly input: GenerateInput;
  /** Absolute output folder. */
  readonly outDir: string;
  readonly json: boolean;
  readonly quiet: boolean;
  /** `--format svg`: write each design's SVG (the offline engine draws in vectors; its PNG stays in the library). */
  readonly svg: boolean;
  /** `--strip-metadata`: files carry no prompt or settings (for clients); otherwise the `exports.embedSettings` setting decides. */
  readonly stripMetadata: boolean;
}

/**
 * Parses `motif generate` arguments into a validated engine input. Throws a
 * MotifError `invalid_request` whose `param` is the flag (`--size`, `-n`, …)
 * or `prompt`. Several positionals are joined into one prompt.
 */
export function parseGenerateArgs(argv: readonly string[], cwd: string): GenerateArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      style: { type: 'string', short: 's' },
      size: { type: 'string' },
      count: { type: 'string', short: 'n' },
      output: { type: 'string', short: 'o' },
      seed: { type: 'string' },
      format: { type: 'string' },
      layout: { type: 'string' },
      model: { type: 'string' },
      negative: { type: 'string' },
      'no-cache': { type: 'boolean' },
      'strip-metadata': { type: 'boolean' },
      fallback: { type: 'boolean' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const svg = values.format?.toLowerCase() === 'svg';
  const base = {
    outDir: resolve(cwd, values.output ?? '.'),
    json: values.json === true,
    quiet: values.quiet === true,
    svg,
    stripMetadata: values['strip-metadata'] === true,
  };
  if (values.help) return { help: true, input: { prompt: '' }, ...base };
  const prompt = positionals.join(' ');
  if (prompt.trim() === '') throw usageError('prompt', 'give a prompt, e.g. motif generate "gold balloons and confetti"');
  if (values.output !== undefined && values.output.trim() === '') throw usageError('-o', 'must name a folder');
  if (svg && values.model !== undefined && values.model !== 'offline' && values.model !== 'local/procedural-v1') {
    throw usageError('--format', 'SVG comes from the offline engine only; leave out --model or use --model offline');
  }
  const count = parseWholeNumber(values.count, '-n', 1, REQUEST_LIMITS.maxCount);
  const seed = parseWholeNumber(values.seed, '--seed', 0, REQUEST_LIMITS.maxSeed);
  const layout = parseLayout(values.layout);
  const input: GenerateInput = {
    prompt,
    ...(values.style === undefined ? {} : { style: values.style as GenerateInput['style'] }),
    ...(values.size === undefined ? {} : { size: values.size.toLowerCase() }),
    ...(count === undefined ? {} : { count }),
    ...(seed === undefined ? {} : { seed }),
    ...(values.format === undefined || svg ? {} : { format: normaliseFormat(values.format) }),
    ...(values.model === undefined ? {} : { model: values.model }),
    ...(layout === undefined ? {} : { layout }),
    // Only the offline engine draws in vectors, so SVG output asks for it.
    ...(svg ? { model: 'offline' } : {}),
    ...(values.negative === undefined ? {} : { negativePrompt: values.negative }),
    ...(values['no-cache'] ? { noCache: true } : {}),
    ...(values.fallback ? { allowFallback: true } : {}),
  };
  const checked = generateInputSchema.safeParse(input);
  if (!checked.success) throw zodErrorToMotifError(checked.error, { paramMap: GENERATE_FLAG_NAMES });
  return { help: false, input, ...base };
}

/** `--layout`: a layout name, case and a space for the dash forgiven ("Table card" → `table-card`). */
function parseLayout(value: string | undefined): LayoutId | undefined {
  if (value === undefined) return undefined;
  const name = value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  if (!isLayoutId(name)) throw usageError('--layout', `must be one of ${LAYOUT_IDS.join(', ')}, not "${value}"`);
  return name;
}

function normaliseFormat(format: string): GenerateInput['format'] {
  const lower = format.toLowerCase();
  return (lower === 'jpg' ? 'jpeg' : lower) as GenerateInput['format'];
}
