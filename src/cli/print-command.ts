import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ORIENTATIONS, PENNANT_SHAPES, PRINT_FORMATS, ENHANCE_MODES, type PrintRequest } from '../core/contract/print-request.ts';
import type { MotifApi } from '../core/service/motif-api.ts';
import { libraryPrintSource } from '../core/service/library-print-source.ts';
import { writePrintFiles } from '../core/service/write-print-files.ts';
import { PrintStudio, loadPrintArt, printFileName, type PrintArtSource } from '../core/print/index.ts';
import { EXIT, parseWholeNumber, reportError, usageError } from './cli-errors.ts';
import type { CliIo } from './cli-io.ts';
import { openHeadlessService } from './headless.ts';
import { HELP } from './help.ts';
import { defined, parseChoice, parseLengthMm, parseNumber, parseSize } from './print-args.ts';

type PrintCommand = 'print' | 'bunting' | 'stickers' | 'pattern';

const COMMON = {
  output: { type: 'string', short: 'o' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const OPTIONS = {
  print: {
    ...COMMON,
    size: { type: 'string' },
    orientation: { type: 'string' },
    fit: { type: 'string' },
    crop: { type: 'string' },
    bleed: { type: 'string' },
    marks: { type: 'boolean' },
    safe: { type: 'string' },
    nup: { type: 'string' },
    'nup-orientation': { type: 'string' },
    ppi: { type: 'string' },
    'min-ppi': { type: 'string' },
    enhance: { type: 'string' },
    format: { type: 'string' },
  },
  bunting: {
    ...COMMON,
    design: { type: 'string' },
    shape: { type: 'string' },
    banner: { type: 'boolean' },
    width: { type: 'string' },
    height: { type: 'string' },
    fold: { type: 'string' },
    sheet: { type: 'string' },
    overlap: { type: 'string' },
    color: { type: 'string' },
    'no-marks': { type: 'boolean' },
  },
  stickers: {
    ...COMMON,
    size: { type: 'string' },
    offset: { type: 'string' },
    sheet: { type: 'string' },
    orientation: { type: 'string' },
    margin: { type: 'string' },
    gap: { type: 'string' },
    registration: { type: 'boolean' },
  },
  pattern: {
    ...COMMON,
    tile: { type: 'string' },
    sheet: { type: 'string' },
    orientation: { type: 'string' },
    blend: { type: 'string' },
    format: { type: 'string' },
  },
} as const;

type Values = Record<string, string | boolean | undefined>;

function buildRequest(command: PrintCommand, values: Values, positionals: readonly string[]): PrintRequest {
  const text = (name: string): string | undefined => values[name] as string | undefined;
  if (command === 'bunting') {
    if (positionals.length !== 1) throw usageError('phrase', 'give the phrase as one argument, e.g. motif bunting "HAPPY 30TH"');
    return {
      product: 'bunting',
      phrase: positionals[0]!,
      ...defined({ designId: text('design') }),
      bunting: defined({
        style: values.banner ? ('banner' as const) : undefined,
        shape: parseChoice(text('shape'), '--shape', PENNANT_SHAPES),
        pennantWidthMm: parseLengthMm(text('width'), '--width'),
        pennantHeightMm: parseLengthMm(text('height'), '--height'),
        foldMm: parseLengthMm(text('fold'), '--fold'),
        sheet: parseSize(text('sheet'), '--sheet'),
        overlapMm: parseLengthMm(text('overlap'), '--overlap'),
        letterColor: text('color'),
        marks: values['no-marks'] ? false : undefined,
      }),
    };
  }
  if (positionals.length === 0) throw usageError('design', 'give at least one library id or image file');
  if (command === 'stickers') {
    return {
      product: 'stickers',
      ids: [...positionals],
      stickers: defined({
        sizeMm: parseLengthMm(text('size'), '--size'),
        offsetMm: parseLengthMm(text('offset'), '--offset'),
        sheet: parseSize(text('sheet'), '--sheet'),
        sheetOrientation: parseChoice(text('orientation'), '--orientation', ORIENTATIONS),
        marginMm: parseLengthMm(text('margin'), '--margin'),
        gapMm: parseLengthMm(text('gap'), '--gap'),
        registrationMarks: values.registration ? true : undefined,
      }),
    };
  }
  if (command === 'pattern') {
    if (positionals.length !== 1) throw usageError('design', 'a pattern repeats one design');
    return {
      product: 'pattern',
      ids: [...positionals],
      ...defined({ format: parseChoice(text('format'), '--format', ['pdf', 'png'] as const) }),
      pattern: defined({
        tileMm: parseLengthMm(text('tile'), '--tile'),
        sheet: parseSize(text('sheet'), '--sheet'),
        orientation: parseChoice(text('orientation'), '--orientation', ORIENTATIONS),
        blend: parseNumber(text('blend'), '--blend', 0.05, 0.5),
      }),
    };
  }
  const crop = text('crop');
  const cropMatch = crop === undefined ? undefined : /^\s*(\d*\.?\d+)\s*,\s*(\d*\.?\d+)\s*$/.exec(crop);
  if (crop !== undefined && (!cropMatch || Number(cropMatch[1]) > 1 || Number(cropMatch[2]) > 1))
    throw usageError('--crop', 'must be x,y between 0 and 1, e.g. 0.5,0.2');
  const nup = parseSize(text('nup'), '--nup');
  return {
    product: 'print',
    ids: [...positionals],
    ...defined({ format: parseChoice(text('format'), '--format', PRINT_FORMATS) }),
    layout: defined({
      size: parseSize(text('size'), '--size'),
      orientation: parseChoice(text('orientation'), '--orientation', ORIENTATIONS),
      fit: parseChoice(text('fit'), '--fit', ['fill', 'fit'] as const),
      crop: cropMatch ? { x: Number(cropMatch[1]), y: Number(cropMatch[2]) } : undefined,
      bleedMm: parseLengthMm(text('bleed'), '--bleed'),
      marks: values.marks ? true : undefined,
      safeMm: parseLengthMm(text('safe'), '--safe'),
      nUp:
        nup === undefined
          ? undefined
          : { sheet: nup, ...defined({ sheetOrientation: parseChoice(text('nup-orientation'), '--nup-orientation', ORIENTATIONS) }) },
      ppi: parseWholeNumber(text('ppi'), '--ppi', 72, 1200),
      minPpi: parseWholeNumber(text('min-ppi'), '--min-ppi', 30, 1200),
      enhance: parseChoice(text('enhance'), '--enhance', ENHANCE_MODES),
    }),
  };
}

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/**
 * Designs by library id, or image files on disk (an argument that names an
 * existing file is a file). The engine opens only when a library id is used.
 */
function cliPrintSource(files: ReadonlyMap<string, string>, openService: () => Promise<MotifApi>): PrintArtSource {
  const library = async (): Promise<PrintArtSource> => libraryPrintSource(await openService());
  return {
    async loadArt(id) {
      const path = files.get(id);
      if (path !== undefined) return loadPrintArt(await readFile(path), basename(path));
      return (await library()).loadArt(id);
    },
    async defaultBuntingArt() {
      return (await library()).defaultBuntingArt();
    },
    async patternTile(id) {
      // A file is pixels from elsewhere: its seam is repaired, not redrawn.
      return files.has(id) ? undefined : (await library()).patternTile?.(id);
    },
  };
}

/** `motif print|bunting|stickers|pattern …`: print files from library designs or image files. */
export function printCommand(command: PrintCommand): (argv: readonly string[], io: CliIo) => Promise<number> {
  return async (argv, io) => {
    let service: MotifApi | undefined;
    try {
      const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS[command] });
      if (values.help) {
        io.stdout(HELP[command]);
        return EXIT.ok;
      }
      // Files travel as `file-N` ids (paths are not library ids); the phrase of bunting is not a design.
      const files = new Map<string, string>();
      const designs =
        command === 'bunting'
          ? positionals
          : positionals.map((arg, index) => {
              const path = resolve(io.cwd, arg);
              if (!isFile(path)) return arg;
              files.set(`file-${index + 1}`, path);
              return `file-${index + 1}`;
            });
      const request = buildRequest(command, values as Values, designs);
      const openService = async (): Promise<MotifApi> => (service ??= await openHeadlessService(io));
      const studio = new PrintStudio(cliPrintSource(files, openService));
      const report = await studio.preflight(request);
      const quiet = values.json === true;
      if (!quiet)
        for (const art of report.arts)
          io.stderr(
            `${art.label}: ${art.message}${art.soft && art.fixes.length > 0 ? ` (fix: --enhance ${art.fixes.map((fix) => fix.mode).join(' or --enhance ')})` : ''}\n`,
          );
      const started = performance.now();
      const output = await studio.render(request, {
        onProgress: quiet ? undefined : (progress) => io.stderr(`${command}: ${progress.stage} (${progress.done}/${progress.total})\n`),
      });
      const { name, extension } = printFileName(request);
      const target = resolve(io.cwd, (values.output as string | undefined) ?? `${name}.${extension}`);
      const written = await writePrintFiles(target, output.files);
      const result = { ...written, pages: output.pages, durationMs: Math.round(performance.now() - started), preflight: report };
      if (quiet) io.stdout(`${JSON.stringify(result)}\n`);
      else
        io.stdout(
          `${written.path}  ${output.pages} page${output.pages === 1 ? '' : 's'}, ${(written.bytes / 1024).toFixed(0)} KiB${written.extraPaths.map((extra) => `\n${extra}`).join('')}\n`,
        );
      return EXIT.ok;
    } catch (error) {
      return reportError(io, error, command);
    } finally {
      await service?.close().catch(() => undefined);
    }
  };
}
