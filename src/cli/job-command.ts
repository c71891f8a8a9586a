import { relative, isAbsolute } from 'node:path';
import { MotifError } from '../core/errors/index.ts';
import type { HistoryEntry } from '../core/contract/history-entry.ts';
import type { JobSnapshot } from '../core/contract/service-types.ts';
import type { GenerateOutcome, MotifApi } from '../core/service/motif-api.ts';
import { describeOfflineDesign, offlineDesignReport } from '../core/contract/offline-design.ts';
import { encodeAttempts } from '../server/attempts-header.ts';
import { cliError, EXIT, reportError } from './cli-errors.ts';
import type { CliIo } from './cli-io.ts';
import { formatCost } from './format-cost.ts';
import { openHeadlessService } from './headless.ts';
import { keyHints } from './key-hints.ts';
import { checkOutputDir, writeOutputFile } from './output-files.ts';
import { ProgressReporter } from './progress-reporter.ts';

interface SavedImage {
  readonly file: string;
  readonly entry: HistoryEntry;
}

/** One job run from the command line: where its images go, how to report, and how to run it. */
export interface JobCommand {
  /** For the usage hint after bad input: `motif <command> --help`. */
  readonly command: string;
  /** Absolute output folder. */
  readonly outDir: string;
  readonly json: boolean;
  readonly quiet: boolean;
  /** Write each image's SVG twin instead of its raster. */
  readonly svg: boolean;
  /** Write the files without their prompt and settings (`--strip-metadata`); otherwise the `exports.embedSettings` setting decides. */
  readonly stripMetadata: boolean;
  /** Which job's progress to follow (the engine may run others, e.g. for the app). */
  readonly follows: (job: JobSnapshot) => boolean;
  readonly run: (service: MotifApi, signal: AbortSignal) => Promise<GenerateOutcome>;
}

/**
 * Runs one job on the headless engine for `motif generate` and the tool
 * commands (`upscale`, `remove-bg`, `vary`): checks the output folder before
 * anything is spent, shows progress on stderr, copies the images into the
 * folder and prints provider, model, seed and cost of each (or one JSON
 * object with `--json`). The first Ctrl+C cancels the job; a second one quits at once.
 */
export async function runJobCommand(io: CliIo, job: JobCommand): Promise<number> {
  try {
    await checkOutputDir(job.outDir);
  } catch (error) {
    return reportError(io, error, job.command);
  }
  const controller = new AbortController();
  let interrupts = 0;
  const onInterrupt = (): void => {
    interrupts += 1;
    if (interrupts > 1) io.exit(EXIT.cancelled);
    io.stderr('motif: cancelling… (press Ctrl+C again to quit at once)\n');
    controller.abort(new MotifError('cancelled', { message: 'Cancelled from the command line.' }));
  };
  const offSignals = [io.onSignal('SIGINT', onInterrupt), io.onSignal('SIGTERM', onInterrupt)];
  const progress = new ProgressReporter((line) => {
    if (!job.quiet) io.stderr(`motif: ${line}\n`);
  }, job.follows);
  let service;
  try {
    service = await openHeadlessService(io);
    progress.start(service);
    const outcome = await job.run(service, controller.signal);
    const saved: SavedImage[] = [];
    for (const [index, entry] of outcome.entries.entries()) {
      // --format svg writes the design's vector twin; the raster stays in the library.
      // A raster goes out as an export does: with its settings written in, unless stripped for a client.
      const bytes = job.svg
        ? new TextEncoder().encode(await service.readVector(entry.id))
        : await service.exportedImage(entry.id, job.stripMetadata ? { embedSettings: false } : {});
      saved.push({ file: await writeOutputFile(job.outDir, entry, index, bytes, job.svg ? 'svg' : undefined), entry });
    }
    if (job.json) io.stdout(`${JSON.stringify(jsonResult(outcome, saved))}\n`);
    else printHuman(io, saved);
    // What changed or went wrong on the way goes to stderr in both modes; `--json --quiet` keeps stderr silent.
    if (!(job.json && job.quiet)) printNotes(io, outcome, saved);
    return EXIT.ok;
  } catch (error) {
    const failure = cliError(error);
    if (job.json) {
      io.stdout(
        `${JSON.stringify({ error: { code: failure.code, message: failure.message, param: failure.param ?? null, provider: failure.provider ?? null, attempts: failure.attempts ?? [] } })}\n`,
      );
    }
    const code = reportError(io, error, job.command);
    for (const hint of keyHints(failure.attempts, failure)) io.stderr(`motif: check your key · ${hint}\n`);
    return code;
  } finally {
    progress.stop();
    for (const off of offSignals) off();
    await service?.close().catch((error: unknown) => io.stderr(`motif: closing the engine failed: ${String(error)}\n`));
  }
}

function printHuman(io: CliIo, saved: readonly SavedImage[]): void {
  for (const { file, entry } of saved) {
    const shown = relative(io.cwd, file);
    const path = shown.startsWith('..') || isAbsolute(shown) ? file : shown;
    const parent = entry.parentId === undefined ? '' : ` · made from ${entry.parentId}`;
    io.stdout(
      `${path} · provider ${entry.provider} · model ${entry.model} · seed ${entry.seed ?? 'unknown'} · cost ${formatCost(entry.costUsd)} · ${entry.width}x${entry.height}${parent}\n`,
    );
  }
  // What the offline engine drew depends on the prompt alone: one line for the job.
  const report = offlineDesignReport(saved[0]?.entry.providerMetadata);
  if (report !== undefined) io.stdout(`${describeOfflineDesign(report)}\n`);
}

/**
 * Tells the designer on stderr what the engine changed or had to work around:
 * a cached answer, a fallback provider (with the attempt trail), a key to
 * check, and every setting a provider adjusted (e.g. a size snapped to its grid).
 */
function printNotes(io: CliIo, outcome: GenerateOutcome, saved: readonly SavedImage[]): void {
  if (outcome.cached) io.stderr('motif: served from the result cache (no new generation); use --no-cache to make new images\n');
  if (outcome.job.fallback) {
    const provider = saved[0]?.entry.provider ?? outcome.job.provider ?? 'unknown';
    io.stderr(
      `motif: served by a fallback provider (${provider === 'local' ? 'the offline engine' : provider}); attempts: ${encodeAttempts(outcome.job.attempts)}\n`,
    );
  }
  for (const hint of keyHints(outcome.job.attempts)) io.stderr(`motif: check your key · ${hint}\n`);
  const warnings = new Set(
    saved.flatMap(({ entry }) => entry.warnings.map((w) => (w.type === 'other' ? w.message : `${w.setting}: ${w.details}`))),
  );
  for (const warning of warnings) io.stderr(`motif: warning · ${warning}\n`);
}

function jsonResult(outcome: GenerateOutcome, saved: readonly SavedImage[]): Record<string, unknown> {
  const first = saved[0]?.entry;
  return {
    jobId: outcome.job.id,
    cached: outcome.cached,
    provider: first?.provider ?? outcome.job.provider ?? null,
    model: first?.model ?? outcome.job.model ?? null,
    fallback: outcome.job.fallback,
    ...(outcome.job.task === undefined ? {} : { task: outcome.job.task.kind, sourceEntryId: outcome.job.task.sourceEntryId }),
    images: saved.map(({ file, entry }) => ({
      file,
      entryId: entry.id,
      ...(entry.parentId === undefined ? {} : { parentId: entry.parentId }),
      provider: entry.provider,
      model: entry.model,
      seed: entry.seed ?? null,
      costUsd: entry.costUsd ?? null,
      width: entry.width,
      height: entry.height,
      format: file.endsWith('.svg') ? 'svg' : entry.format,
      // The offline engine's report: { subjects, layout, text, ignoredWords }.
      drew: offlineDesignReport(entry.providerMetadata) ?? null,
    })),
    // Every distinct warning of the job (a snapped size is the same for every image).
    warnings: [...new Map(saved.flatMap(({ entry }) => entry.warnings).map((w) => [JSON.stringify(w), w])).values()],
    attempts: outcome.job.attempts,
  };
}
