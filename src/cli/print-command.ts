import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ORIENTATIONS,
  PENNANT_SHAPES,
  PRINT_FORMATS,
  ENHANCE_MODES,
  type ArtPreflight,
  type PreflightReport,
  type PrintRequest,
} from '../core/contract/print-request.ts';
import { MotifError } from '../core/errors/motif-error.ts';
import { addUpscaleFixes } from '../core/service/print-upscale-fixes.ts';
import { addSeamRepairFix } from '../core/service/print-seam-fixes.ts';
import type { HistoryEntry } from '../core/contract/history-entry.ts';
import type { ImageSourceInput, ImageTaskInput } from '../core/contract/image-task.ts';
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
    upscale: { type: 'boolean' },
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
    'repair-seam': { type: 'boolean' },
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

/** What a pattern's seam repair would start from: the library entry, or a file's bytes when a repair is asked for. */
async function patternSource(id: string, files: ReadonlyMap<string, string>, repairAsked: boolean): Promise<ImageSourceInput | undefined> {
  const path = files.get(id);
  if (path === undefined) return { entryId: id };
  return repairAsked ? { bytes: new Uint8Array(await readFile(path)), name: basename(path) } : undefined;
}

/** A preflight fix as the option that applies it. */
function describeFix(fix: ArtPreflight['fixes'][number]): string {
  if (fix.mode === 'upscale') return `--upscale: ${fix.label}`;
  return fix.mode === 'seamless' ? `--repair-seam: ${fix.label}` : `--enhance ${fix.mode}`;
}

/** Runs a preflight fix's tool (priced, recorded in the ledger, refused past the daily cap) and returns the entry it made. */
async function runFix(openService: () => Promise<MotifApi>, input: ImageTaskInput, what: string): Promise<HistoryEntry> {
  const outcome = await (await openService()).runTask(input);
  const made = outcome.entries[0];
  if (made === undefined) throw new MotifError('upstream_malformed', { message: `The ${what} returned no image.` });
  return made;
}

/**
 * `--repair-seam`: a pattern from a provider's image (or a file, imported
 * first) has its seam repaired by the provider's inpainting (the `seamless`
 * tool) and the new, seamless entry is repeated. When no provider can, the
 * seam is blended locally, as preflight's note says.
 */
async function repairSeam(
  request: Extract<PrintRequest, { product: 'pattern' }>,
  report: PreflightReport,
  source: ImageSourceInput,
  openService: () => Promise<MotifApi>,
  say: (line: string) => void,
): Promise<Extract<PrintRequest, { product: 'pattern' }>> {
  const [art] = report.arts;
  const fix = art?.fixes.find((candidate) => candidate.mode === 'seamless');
  if (art === undefined || fix === undefined) return request;
  say(`${art.label}: ${fix.label}…`);
  const made = await runFix(openService, { task: 'seamless', source }, `seam repair of ${art.label}`);
  say(`${art.label}: seam repaired by inpainting in ${made.id} (made from ${made.parentId ?? art.label})`);
  return { ...request, ids: [made.id] };
}

/**
 * `--upscale`: each soft design a provider can upscale is upscaled (a tool job:
 * priced, recorded in the ledger, refused past the daily cap) and the new
 * library entry is printed in its place. When no provider can, the print uses
 * the local resample and says it is softer than a real upscale.
 */
async function upscaleSoftArts(
  request: Extract<PrintRequest, { product: 'print' }>,
  report: PreflightReport,
  openService: () => Promise<MotifApi>,
  say: (line: string) => void,
): Promise<Extract<PrintRequest, { product: 'print' }>> {
  const ids = [...request.ids];
  let resample = false;
  for (const [index, art] of report.arts.entries()) {
    if (!art.soft) continue;
    const fix = art.fixes.find((candidate) => candidate.mode === 'upscale');
    if (fix === undefined) {
      resample = true;
      say(`${art.label}: no provider can upscale it now; using a local resample, softer than a real upscale`);
      continue;
    }
    say(`${art.label}: ${fix.label}…`);
    const input = { task: 'upscale' as const, source: { entryId: ids[index]! }, factor: fix.factor ?? 2 };
    const made = await runFix(openService, input, `upscale of ${art.label}`);
    say(`${art.label}: upscaled to ${made.id} (${made.width}×${made.height} px, made from ${art.label})`);
    ids[index] = made.id;
  }
  return { ...request, ids, layout: resample ? { ...request.layout, enhance: 'resample' } : request.layout };
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
      let request = buildRequest(command, values as Values, designs);
      const openService = async (): Promise<MotifApi> => (service ??= await openHeadlessService(io));
      const studio = new PrintStudio(cliPrintSource(files, openService));
      const quiet = values.json === true;
      const say = (line: string): void => {
        if (!quiet) io.stderr(`${line}\n`);
      };
      let report = await studio.preflight(request);
      // Library images from a provider may be upscaled by it: preflight prices that before anything runs.
      const fromLibrary = request.product === 'print' && request.ids.some((id) => !files.has(id));
      if (request.product === 'print' && fromLibrary && report.arts.some((art) => art.soft))
        report = await addUpscaleFixes(report, request.ids, await openService());
      // A pattern from a provider's image may have its seam repaired by the provider's inpainting, priced first
      // (a file only when asked: pricing it opens the engine, which a file alone does not need).
      const repairAsked = (values as Values)['repair-seam'] === true;
      const seamSource = request.product === 'pattern' ? await patternSource(request.ids[0]!, files, repairAsked) : undefined;
      if (seamSource !== undefined) report = await addSeamRepairFix(report, seamSource, await openService());
      const sayReport = (): void => {
        for (const art of report.arts) {
          say(`${art.label}: ${art.message}${art.fixes.length > 0 ? ` (fix: ${art.fixes.map(describeFix).join(' or ')})` : ''}`);
        }
        // How the pattern's seam is handled: repaired, drawn seamless, or blended (and why).
        if (request.product === 'pattern') for (const note of report.notes) say(note);
      };
      sayReport();
      if (request.product === 'print' && (values as Values).upscale === true) {
        request = await upscaleSoftArts(request, report, openService, say);
        report = await studio.preflight(request);
        for (const art of report.arts) say(`${art.label}: ${art.message}`);
      }
      if (request.product === 'pattern' && repairAsked && seamSource !== undefined) {
        const repaired = await repairSeam(request, report, seamSource, openService, say);
        if (repaired !== request) {
          request = repaired;
          report = await studio.preflight(request);
          sayReport();
        }
      }
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
