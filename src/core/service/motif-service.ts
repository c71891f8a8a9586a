import { randomUUID } from 'node:crypto';
import { definedOnly } from '../util/defined-only.ts';
import {
  estimateInputSchema,
  generateInputSchema,
  type EstimateInput,
  type GenerateInput,
  type ImageRequest,
} from '../contract/image-request.ts';
import { MotifError, toMotifError } from '../errors/motif-error.ts';
import { airSchema, type CatalogueModelsPage, type ModelSearchQuery, type PinnedModel } from '../contract/model-catalogue.ts';
import type { HistoryEntry, LibraryPage, LibraryQuery } from '../library/index.ts';
import type { SecretName, SettingsPatch } from '../contract/settings-schema.ts';
import type { JobStore } from '../jobs/job-store.ts';
import { zodErrorToMotifError } from '../errors/zod-error.ts';
import {
  FINAL_JOB_STATES,
  type BreakerMode,
  type CostQuote,
  type JobEvent,
  type JobSnapshot,
  type TelemetrySnapshot,
} from '../contract/service-types.ts';
import type { SettingsView } from '../contract/settings-view.ts';
import type { ExportTarget, GenerateOutcome, MotifApi, TaskOutcome } from './motif-api.ts';
import { describeTask, providerTask, taskParams, type ImageTask, type ImageTaskInput, type TaskEstimate } from '../contract/image-task.ts';
import { parseTaskInput, resolveTask } from './task-resolver.ts';
import { taskUnavailable } from '../router/router.ts';
import type { EngineParts } from './engine-parts.ts';
import { JobRunner, type JobOutcome } from './job-runner.ts';
import type { ImageProvider } from '../contract/image-provider.ts';
import type { Library } from '../library/index.ts';
import { setProviderBreakerMode } from '../resilience/breaker-store.ts';
import { sleep } from '../util/clock.ts';
import { growingBackoff, nextBackoff } from '../util/backoff.ts';
import type { PreflightReport, PrintRequest, PrintResult } from '../contract/print-request.ts';
import { PrintStudio } from '../print/index.ts';
import { libraryPrintSource } from './library-print-source.ts';
import { writePrintFiles } from './write-print-files.ts';
import { addUpscaleFixes } from './print-upscale-fixes.ts';
import { addSeamRepairFix } from './print-seam-fixes.ts';
import { prepareSeamRepair, type SeamRepairInput } from '../print/seam-repair.ts';
import { LRUCache } from 'lru-cache';
import type { PrintExportOptions, PrintRendering } from './motif-api.ts';
import { assertLibraryFolder, type LibraryCheck, type LibraryRepair } from '../library/index.ts';
import type { ProjectSummary, TagCount } from '../contract/project.ts';
import { fileWithSettings, settingsOfEntry } from '../library/metadata/index.ts';
import type { ImportFile } from '../library/import-image.ts';
import { importIntoLibrary, readImportFiles, type ImportResult } from '../library/library-import.ts';
import type { IBackoff } from 'cockatiel';

/** Between tries while no provider is reachable: 2 s, doubling, at most a minute. */
const NETWORK_WAIT_BACKOFF = growingBackoff({ baseMs: 2_000, capMs: 60_000 });

const MAX_JOBS_IN_MEMORY = 200;

interface LiveJob {
  snapshot: JobSnapshot;
  request: ImageRequest;
  /** Set for a tool job. */
  task?: ImageTask | undefined;
  controller: AbortController | undefined;
  done: Promise<JobOutcome> | undefined;
}

/**
 * The engine's one API (see MotifApi). IPC handlers, the local HTTP server and
 * the CLI all call this; nothing above it touches providers, the router or the
 * library directly.
 */
/** How often the service looks for another Motif process's changes to the library. */
const LIBRARY_WATCH_MS = 3000;

export class MotifService implements MotifApi {
  readonly #parts: EngineParts;
  readonly #jobStore: JobStore;
  readonly #jobs = new Map<string, LiveJob>();
  readonly #jobListeners = new Set<(event: JobEvent) => void>();
  readonly #runner: JobRunner;
  #closing = false;
  #print: PrintStudio | undefined;
  /** Seam repairs prepared for an image (offset by half, the cross mask): preflight prices one on every change of option. */
  readonly #seamRepairs = new LRUCache<string, SeamRepairInput, { bytes: Uint8Array; band: number }>({
    max: 8,
    fetchMethod: (_key, _stale, { context }) => prepareSeamRepair(context.bytes, context.band),
  });
  #libraryWatch: unknown;

  constructor(parts: EngineParts, jobStore: JobStore, interrupted: readonly JobSnapshot[]) {
    this.#parts = parts;
    this.#jobStore = jobStore;
    this.#runner = new JobRunner({
      clock: parts.clock,
      router: parts.router,
      library: () => parts.library.current(),
      ledger: parts.ledger,
      resultCache: parts.resultCache,
      singleFlight: parts.singleFlight,
      update: (jobId, patch) => this.#update(jobId, patch),
      onSpend: () => parts.telemetry.changed(),
      onEntry: (jobId, entry) => {
        // The job-image event is the image's one announcement; the snapshot records it (for resume) without a second one.
        const live = this.#jobs.get(jobId);
        if (live && !live.snapshot.entryIds.includes(entry.id))
          this.#update(jobId, { entryIds: [...live.snapshot.entryIds, entry.id] }, { announce: false });
        this.#emit({ type: 'job-image', jobId, entry });
      },
    });
    for (const job of interrupted)
      this.#jobs.set(job.id, { snapshot: job, request: requestFromSnapshot(job), controller: undefined, done: undefined });
    parts.library.onExternalChange = () =>
      this.#emit({ type: 'library-changed', message: 'The library was changed by another Motif process; the gallery is up to date.' });
    this.#watchLibrary();
  }

  /** Looks for another process's changes to the library every few seconds (one `stat` when there are none). */
  #watchLibrary(): void {
    if (this.#closing) return;
    this.#libraryWatch = this.#parts.clock.setTimeout(() => {
      void this.#library()
        .refresh()
        .catch(() => undefined)
        .finally(() => this.#watchLibrary());
    }, LIBRARY_WATCH_MS);
    // Never the reason a finished command-line run stays alive.
    (this.#libraryWatch as { unref?: () => void } | undefined)?.unref?.();
  }

  async submit(input: GenerateInput): Promise<JobSnapshot> {
    return this.#start(input).snapshot;
  }

  async generate(input: GenerateInput, options: { signal?: AbortSignal } = {}): Promise<GenerateOutcome> {
    // A caller that already went away (an HTTP client that disconnected) gets no job: an abort listener added now would never fire.
    if (options.signal?.aborted) throw new MotifError('cancelled');
    const live = this.#start(input);
    const outcome = await this.#outcome(live, options.signal);
    return { job: live.snapshot, entries: outcome.entries, cached: outcome.cached };
  }

  async estimateCost(input: EstimateInput): Promise<CostQuote> {
    const parsed = estimateInputSchema.safeParse(input);
    if (!parsed.success) throw zodErrorToMotifError(parsed.error, { root: 'body' });
    // Neither the prompt nor the seed changes a price: no randomness is spent on an estimate.
    return this.#parts.spend.quote(this.#request({ ...input, prompt: input.prompt?.trim() || 'estimate' }, () => 0));
  }

  async submitTask(input: ImageTaskInput): Promise<JobSnapshot> {
    return (await this.#startTask(input)).snapshot;
  }

  async runTask(input: ImageTaskInput, options: { signal?: AbortSignal } = {}): Promise<TaskOutcome> {
    if (options.signal?.aborted) throw new MotifError('cancelled');
    const live = await this.#startTask(input);
    const outcome = await this.#outcome(live, options.signal);
    return { job: live.snapshot, entries: outcome.entries, cached: outcome.cached, texts: outcome.texts ?? [] };
  }

  async estimateTask(input: ImageTaskInput): Promise<TaskEstimate> {
    const { task, request } = await resolveTask(parseTaskInput(input), this.#taskDeps(), { dryRun: true });
    const { registry, router } = this.#parts;
    const plan = router.planTask(task, request);
    const first = plan.targets[0];
    const units = Math.max(1, request.count);
    const priceOf = (provider: string): number | undefined => {
      const support = registry
        .get(provider)
        ?.tasks?.()
        .find((t) => t.task === providerTask(task).kind);
      return support?.priceUsd === undefined ? undefined : support.priceUsd * units;
    };
    const providers = [
      ...plan.targets.map((t) => ({ id: t.provider, available: true, reason: undefined, code: undefined })),
      ...plan.skipped.map((a) => ({ id: a.provider, available: false, reason: a.detail ?? a.errorCode, code: a.errorCode })),
    ].map((p) => {
      const price = priceOf(p.id);
      return {
        id: p.id,
        label: registry.get(p.id)?.label ?? p.id,
        available: p.available,
        ...(p.reason === undefined ? {} : { reason: p.reason }),
        ...(p.code === undefined ? {} : { code: p.code }),
        ...(price === undefined ? {} : { priceUsd: price }),
      };
    });
    const estimated = first === undefined ? undefined : priceOf(first.provider);
    const refusal = this.#taskRefusal(task, request, first);
    return {
      task: task.kind,
      ...(first === undefined ? {} : { provider: first.provider }),
      ...(estimated === undefined ? {} : { estimatedCostUsd: estimated }),
      providers,
      ...(request.count > 0 ? { outputSize: `${request.width}x${request.height}` } : {}),
      ...(refusal === undefined ? {} : { refusal: { code: refusal.code, message: refusal.message } }),
    };
  }

  async cancel(jobId: string): Promise<void> {
    const live = this.#get(jobId);
    if (live.controller && !FINAL_JOB_STATES.includes(live.snapshot.state)) live.controller.abort(new MotifError('cancelled'));
    else if (live.snapshot.state === 'interrupted') await this.discard(jobId);
  }

  jobs(): readonly JobSnapshot[] {
    return [...this.#jobs.values()].map((j) => j.snapshot).sort((a, b) => b.createdAt - a.createdAt);
  }

  async resume(jobId: string): Promise<JobSnapshot> {
    // close() only waits for (and stops) the jobs running when it began.
    if (this.#closing) throw new MotifError('cancelled', { message: 'Motif is closing.' });
    const live = this.#get(jobId);
    if (live.snapshot.state !== 'interrupted' && live.snapshot.state !== 'failed') {
      throw new MotifError('invalid_request', { param: 'jobId', message: 'Only interrupted or failed jobs can be resumed.' });
    }
    if (live.snapshot.task && !live.task) live.task = await this.#taskFromSnapshot(live.snapshot.task);
    this.#launch(live, live.snapshot.state === 'interrupted');
    return live.snapshot;
  }

  async discard(jobId: string): Promise<void> {
    const live = this.#get(jobId);
    live.controller?.abort(new MotifError('cancelled'));
    this.#jobs.delete(jobId);
    await this.#jobStore.remove(jobId);
    this.#emit({ type: 'job-removed', jobId });
  }

  onJobEvent(listener: (event: JobEvent) => void): () => void {
    this.#jobListeners.add(listener);
    return () => this.#jobListeners.delete(listener);
  }

  searchModels(query: ModelSearchQuery, options: { signal?: AbortSignal } = {}): Promise<CatalogueModelsPage> {
    return this.#parts.models.search(query, options.signal);
  }

  async pinModel(air: string): Promise<readonly PinnedModel[]> {
    return this.#parts.models.pin(checkAir(air));
  }

  async unpinModel(air: string): Promise<readonly PinnedModel[]> {
    return this.#parts.models.unpin(checkAir(air));
  }

  async readModelPreview(air: string): Promise<{ bytes: Uint8Array; mediaType: string }> {
    return this.#parts.models.preview(checkAir(air));
  }

  async enhancePrompt(prompt: string, options: { versions?: number; signal?: AbortSignal } = {}): Promise<readonly string[]> {
    const versions = options.versions ?? 3;
    if (typeof prompt !== 'string' || prompt.trim().length === 0 || prompt.length > 2000)
      throw new MotifError('invalid_request', { param: 'prompt', message: 'prompt must be 1–2000 characters' });
    if (!Number.isInteger(versions) || versions < 1 || versions > 5)
      throw new MotifError('invalid_request', { param: 'versions', message: 'versions must be 1–5' });
    const { registry } = this.#parts;
    const provider = [...registry.providers().values()].find((p) => hasEnhancer(p) && p.hasKey() && registry.isEnabled(p.id));
    if (!hasEnhancer(provider))
      throw new MotifError('key_missing', {
        provider: 'Runware',
        message: 'Prompt enhancement uses Runware. Add a Runware key in Settings.',
      });
    const key = `${provider.id}\u0000${versions}\u0000${prompt.trim()}`;
    return this.#parts.enhanceCache.getOrLoad(key, () =>
      provider.enhancePrompt(prompt.trim(), {
        versions,
        signal: options.signal ?? new AbortController().signal,
        deadline: this.#parts.clock.now() + 30_000,
      }),
    );
  }

  async listLibrary(query: LibraryQuery): Promise<LibraryPage> {
    const library = this.#library();
    // A page never silently misses what another process added: read its lines in first (reported as library-changed).
    await library.refresh();
    return library.listPage(query);
  }

  async getEntry(id: string): Promise<HistoryEntry> {
    const library = this.#library();
    // An id this process has not seen may be another process's new entry: read its lines in (announced as library-changed) and look again.
    const entry = library.get(id) ?? (await library.refresh().then(() => library.get(id)));
    if (!entry) throw new MotifError('not_found', { param: 'id', message: `No library entry ${id}.` });
    return entry;
  }

  setFavourite(id: string, favourite: boolean): Promise<HistoryEntry> {
    return this.#library().setFavourite(id, favourite);
  }

  deleteEntries(ids: readonly string[]): Promise<{ undoToken: string; deleted: number }> {
    return this.#library().delete(ids);
  }

  undoDelete(undoToken: string): Promise<{ restored: number }> {
    return this.#library().undoDelete(undoToken);
  }

  checkLibrary(): Promise<LibraryCheck> {
    return this.#library().check();
  }

  repairLibrary(): Promise<LibraryRepair> {
    return this.#library().repair();
  }

  exportEntries(
    ids: readonly string[],
    target: ExportTarget,
    options: { embedSettings?: boolean | undefined } = {},
  ): Promise<{ path: string; exported: number }> {
    const prepare = this.#prepareExport(options.embedSettings);
    return this.#library().export(ids, target, prepare);
  }

  async exportedImage(id: string, options: { embedSettings?: boolean | undefined } = {}): Promise<Uint8Array> {
    const entry = await this.getEntry(id);
    return this.#prepareExport(options.embedSettings)((await this.readImage(id)).bytes, entry);
  }

  /** What every exported file carries: its settings, unless `embedSettings` (else the setting) says to strip them. */
  #prepareExport(embedSettings: boolean | undefined): (bytes: Uint8Array, entry: HistoryEntry) => Uint8Array {
    const embed = embedSettings ?? this.#parts.settings.get().exports.embedSettings;
    const version = this.#parts.appVersion;
    return (bytes, entry) => fileWithSettings(bytes, entry.format, embed ? settingsOfEntry(entry, version) : undefined);
  }

  readImage(id: string): Promise<{ bytes: Uint8Array; mediaType: string }> {
    return this.#library().readImage(id);
  }

  readThumbnail(id: string): Promise<{ bytes: Uint8Array; mediaType: string }> {
    return this.#library().readThumbnail(id);
  }

  readVector(id: string): Promise<string> {
    return this.#library().readVector(id);
  }

  async imagePath(id: string): Promise<string> {
    await this.getEntry(id);
    return this.#library().imagePath(id);
  }

  async listProjects(): Promise<readonly ProjectSummary[]> {
    // Counts and covers need every entry, not just the newest a progressive open has in so far.
    const library = this.#library();
    await library.ready();
    return library.projects.list();
  }

  createProject(name: string): Promise<ProjectSummary> {
    return this.#library().projects.create(name);
  }

  renameProject(id: string, name: string): Promise<ProjectSummary> {
    return this.#library().projects.rename(id, name);
  }

  deleteProject(id: string): Promise<{ deleted: string }> {
    return this.#library().projects.delete(id);
  }

  setProjectCover(id: string, entryId: string | undefined): Promise<ProjectSummary> {
    return this.#library().projects.setCover(id, entryId);
  }

  addToProject(id: string, entryIds: readonly string[]): Promise<ProjectSummary> {
    return this.#library().projects.add(id, entryIds);
  }

  removeFromProject(id: string, entryIds: readonly string[]): Promise<ProjectSummary> {
    return this.#library().projects.remove(id, entryIds);
  }

  async setTags(id: string, tags: readonly string[]): Promise<HistoryEntry> {
    await this.#library().projects.setTags(id, tags);
    return this.getEntry(id);
  }

  async listTags(): Promise<readonly TagCount[]> {
    const library = this.#library();
    await library.ready();
    return library.projects.tagCounts();
  }

  async importImages(files: readonly ImportFile[] | readonly string[]): Promise<ImportResult> {
    if (!Array.isArray(files) || files.length === 0)
      throw new MotifError('invalid_request', { param: 'files', message: 'give at least one file' });
    const read = files.every((file) => typeof file === 'string')
      ? await readImportFiles(files)
      : { files: files as readonly ImportFile[], failed: [] };
    const result = await importIntoLibrary(this.#library(), read.files, { captionLater: (entry) => this.#captionLater(entry) });
    return { imported: result.imported, failed: [...read.failed, ...result.failed] };
  }

  async printPreflight(request: PrintRequest): Promise<PreflightReport> {
    // The Print view repeats the tile in its preview; the CLI and the export never ask for it.
    const report = await this.#printStudio().preflight(request, { tilePreview: true });
    if (request.product === 'print') return addUpscaleFixes(report, request.ids, this);
    if (request.product === 'pattern') return addSeamRepairFix(report, { entryId: request.ids[0]! }, this);
    return report;
  }

  printRender(request: PrintRequest, options: PrintExportOptions = {}): Promise<PrintRendering> {
    return this.#printStudio().render(request, { onProgress: options.onProgress });
  }

  async printExport(request: PrintRequest, path: string, options: PrintExportOptions = {}): Promise<PrintResult> {
    const started = this.#parts.clock.now();
    const output = await this.printRender(request, options);
    const written = await writePrintFiles(path, output.files);
    return { ...written, pages: output.pages, durationMs: this.#parts.clock.now() - started };
  }

  #printStudio(): PrintStudio {
    this.#print ??= new PrintStudio(
      libraryPrintSource({
        getEntry: (id) => this.getEntry(id),
        readImage: (id) => this.readImage(id),
        readVector: (id) => this.readVector(id),
      }),
    );
    return this.#print;
  }

  getSettings(): SettingsView {
    const { registry, settings } = this.#parts;
    const providers = [...registry.providers().values()].map((p) => ({
      id: p.id,
      label: p.label,
      kind: p.kind,
      requiresKey: p.requiresKey,
      ...definedOnly(registry.presentation(p.id)),
      keySet: !p.requiresKey || p.hasKey(),
      ...definedOnly({ keyCheck: p.requiresKey && p.hasKey() ? this.#parts.keyChecks.get(p.id) : undefined }),
      enabled: registry.isEnabled(p.id),
      models: p
        .models()
        .map((m) => ({ id: m.id, label: m.label, ...(m.pricePerImageUsd === undefined ? {} : { pricePerImageUsd: m.pricePerImageUsd }) })),
    }));
    return {
      settings: settings.get(),
      secrets: settings.secretsSet(),
      secretStorage: settings.secretStorage(),
      providers,
      models: registry
        .catalogue()
        .routes()
        .map((r) => ({ id: r.alias, label: r.label })),
      libraryDir: this.#library().dir,
      notices: [...this.#parts.notices],
    };
  }

  async updateSettings(patch: SettingsPatch): Promise<SettingsView> {
    // Checked here as well as at open: a library pointed at someone's folder would empty its tmp/ on the next start.
    const dir = (patch as { libraryDir?: unknown } | undefined)?.libraryDir;
    if (typeof dir === 'string' && dir !== '' && dir !== this.#parts.settings.get().libraryDir)
      await assertLibraryFolder(dir, { create: false });
    this.#parts.settings.update(patch);
    return this.getSettings();
  }

  async setSecret(name: SecretName, value: string): Promise<SettingsView> {
    if (typeof value !== 'string') throw new MotifError('invalid_request', { param: 'key' });
    this.#parts.settings.setSecret(name, value);
    this.#parts.telemetry.changed();
    await this.#checkKeys(name);
    return this.getSettings();
  }

  /**
   * Checks a key as it is saved, with each provider's cheap authenticated call
   * (never a paid generation): a refusal marks it rejected, a check that cannot
   * reach the provider leaves it "not checked"; either way the key is kept.
   */
  async #checkKeys(name: SecretName): Promise<void> {
    const { registry, connections } = this.#parts;
    const using = [...registry.providers().values()].filter(
      (p) => p.requiresKey && p.hasKey() && registry.presentation(p.id).secret === name,
    );
    await Promise.all(using.map((p) => connections.test(p.id, { force: true }).catch(() => undefined)));
  }

  async clearSecret(name: SecretName): Promise<SettingsView> {
    this.#parts.settings.clearSecret(name);
    this.#parts.telemetry.changed();
    return this.getSettings();
  }

  async moveLibrary(dir: string): Promise<SettingsView> {
    await this.#parts.library.move(dir, (moved) => this.#parts.settings.update({ libraryDir: moved }));
    return this.getSettings();
  }

  telemetry(): TelemetrySnapshot {
    return this.#parts.telemetry.snapshot();
  }

  onTelemetry(listener: (snapshot: TelemetrySnapshot) => void): () => void {
    return this.#parts.telemetry.subscribe(listener);
  }

  async setBreakerMode(provider: string, mode: BreakerMode): Promise<TelemetrySnapshot> {
    setProviderBreakerMode(this.#parts.router, this.#parts.registry.get(provider), provider, mode);
    this.#parts.telemetry.changed();
    return this.telemetry();
  }

  testConnection(provider: string): Promise<{ ok: boolean; latencyMs: number; message: string | undefined }> {
    return this.#parts.connections.test(provider);
  }

  async close(options: { graceMs?: number } = {}): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#parts.clock.clearTimeout(this.#libraryWatch);
    const running = [...this.#jobs.values()].filter((j) => j.done && !FINAL_JOB_STATES.includes(j.snapshot.state));
    let graceTimer: unknown;
    const grace = new Promise<void>((resolve) => (graceTimer = this.#parts.clock.setTimeout(resolve, options.graceMs ?? 5_000)));
    await Promise.race([Promise.allSettled(running.map((j) => j.done)), grace]);
    // A pending grace timer would keep a finished CLI process alive for seconds.
    this.#parts.clock.clearTimeout(graceTimer);
    for (const job of running) {
      // Left unfinished on disk on purpose: the next start lists it as interrupted.
      if (!FINAL_JOB_STATES.includes(job.snapshot.state))
        job.controller?.abort(new MotifError('cancelled', { message: 'Motif is closing.' }));
    }
    await Promise.allSettled(running.map((j) => j.done));
    await this.#jobStore.flush();
    await this.#parts.close();
  }

  #start(input: GenerateInput): LiveJob {
    if (this.#closing) throw new MotifError('cancelled', { message: 'Motif is closing.' });
    const request = this.#request(input, () => Math.floor(this.#parts.random() * 2 ** 32));
    const seedExplicit = request.seedExplicit;
    this.#parts.spend.check(request);
    const live = this.#newJob(request, undefined, {
      request: {
        prompt: request.prompt,
        ...(request.negativePrompt ? { negativePrompt: request.negativePrompt } : {}),
        style: request.style,
        size: `${request.width}x${request.height}`,
        count: request.count,
        ...(seedExplicit ? { seed: request.seed } : {}),
        format: request.format,
        model: request.model,
        ...(request.allowFallback ? { allowFallback: true } : {}),
        ...(request.loras ? { loras: request.loras.map(({ model, weight }) => ({ model, weight })) } : {}),
        ...(request.layout === undefined ? {} : { layout: request.layout }),
      },
      ...this.#parts.spend.estimate(request),
    });
    this.#launch(live, false);
    return live;
  }

  /** Files a new queued job (not started yet); the oldest finished jobs make room. */
  #newJob(request: ImageRequest, task: ImageTask | undefined, fields: Pick<JobSnapshot, 'request'> & Partial<JobSnapshot>): LiveJob {
    const now = this.#parts.clock.now();
    const snapshot: JobSnapshot = {
      id: randomUUID(),
      state: 'queued',
      seed: request.seed,
      createdAt: now,
      updatedAt: now,
      entryIds: [],
      expected: request.count,
      attempts: [],
      fallback: false,
      ...fields,
    };
    const live: LiveJob = { snapshot, request, task, controller: undefined, done: undefined };
    this.#jobs.set(snapshot.id, live);
    this.#evictOldJobs();
    return live;
  }

  /** Waits for a job's outcome; the caller going away (its signal aborting) cancels the job. */
  async #outcome(live: LiveJob, signal: AbortSignal | undefined): Promise<JobOutcome> {
    const onAbort = (): void => void this.cancel(live.snapshot.id);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await live.done!;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Validates what a caller sent and normalises it to the engine's request; `seed` picks one when none was given. */
  #request(input: GenerateInput, seed: () => number): ImageRequest {
    const parsed = generateInputSchema.safeParse(input);
    if (!parsed.success) throw zodErrorToMotifError(parsed.error, { root: 'body' });
    const value = parsed.data;
    return {
      prompt: value.prompt,
      negativePrompt: value.negativePrompt || undefined,
      style: value.style,
      width: value.size.width,
      height: value.size.height,
      count: value.count,
      seed: value.seed ?? seed(),
      seedExplicit: value.seed !== undefined,
      format: value.format,
      model: value.model,
      noCache: value.noCache ?? false,
      allowFallback: value.allowFallback ?? false,
      ...(value.loras && value.loras.length > 0 ? { loras: value.loras } : {}),
      ...(value.layout === undefined ? {} : { layout: value.layout }),
    };
  }

  async #startTask(input: ImageTaskInput): Promise<LiveJob> {
    if (this.#closing) throw new MotifError('cancelled', { message: 'Motif is closing.' });
    const resolved = await resolveTask(parseTaskInput(input), this.#taskDeps(), { dryRun: false });
    const { task, request, imported } = resolved;
    const plan = this.#parts.router.planTask(task, request);
    // Importing a file needs no provider; every other tool needs one that can run it now.
    // Says why, naming who could and what is missing.
    if (plan.targets.length === 0 && task.kind !== 'upload') throw taskUnavailable(task, plan.skipped);
    const refusal = this.#taskRefusal(task, request, plan.targets[0]);
    if (refusal) throw refusal;
    const params = taskParams(task);
    const live = this.#newJob(request, task, {
      request: {
        prompt: request.prompt,
        style: request.style,
        size: `${request.width}x${request.height}`,
        count: request.count,
        format: request.format,
        model: request.model,
      },
      task: {
        kind: task.kind,
        sourceEntryId: task.source.entryId,
        label: describeTask({ kind: task.kind, ...(task.kind === 'upscale' ? { factor: task.factor } : {}) }),
        ...(Object.keys(params).length > 0 ? { params } : {}),
      },
      ...this.#taskCost(task, request, plan.targets[0]?.provider),
    });
    // The file became a library entry: announced once, like any new image.
    if (imported) this.#emit({ type: 'job-image', jobId: live.snapshot.id, entry: imported });
    this.#launch(live, false);
    return live;
  }

  /**
   * Captions an imported image that carried no settings, in the background:
   * a `caption` tool job on the first provider that can (so it is costed,
   * recorded in the ledger and refused over the daily cap like any job), then
   * the caption becomes the entry's prompt, marked as a caption, and the
   * gallery hears `entry-updated`. With no provider able to caption (offline,
   * no key) or the cap reached, nothing runs and nothing is reported: the
   * image keeps its file name as its prompt.
   */
  #captionLater(entry: HistoryEntry): void {
    const captioned = (async () => {
      const outcome = await this.runTask({ task: 'caption', source: { entryId: entry.id } });
      const text = outcome.texts.find((t) => t.trim() !== '');
      if (text === undefined || outcome.job.provider === undefined) return;
      const { provider, model, costUsd } = outcome.job;
      const updated = await this.#library().setCaption(entry.id, text, {
        provider,
        model: model ?? provider,
        ...(costUsd === undefined ? {} : { costUsd }),
        at: this.#parts.clock.now(),
      });
      this.#emit({ type: 'entry-updated', entry: updated });
    })();
    captioned.catch(() => undefined);
  }

  /** A tool job from the last run, rebuilt from its source entry and settings (a mask is not kept, so edits cannot resume). */
  async #taskFromSnapshot(saved: NonNullable<JobSnapshot['task']>): Promise<ImageTask> {
    if (saved.kind === 'inpaint' || saved.kind === 'upload')
      throw new MotifError('invalid_request', {
        param: 'jobId',
        message: `${saved.label} cannot be resumed (its input is not kept); run the tool again.`,
      });
    const input = { task: saved.kind, source: { entryId: saved.sourceEntryId }, ...saved.params } as ImageTaskInput;
    return (await resolveTask(parseTaskInput(input), this.#taskDeps(), { dryRun: true })).task;
  }

  /** Today's cap refuses a tool that would start on a paid provider and not fit under it. */
  #taskRefusal(
    task: ImageTask,
    request: ImageRequest,
    first: { provider: string; pricePerImageUsd?: number | undefined } | undefined,
  ): MotifError | undefined {
    return this.#parts.spend.refusalPaid(
      () => {
        const provider = first && this.#parts.registry.get(first.provider);
        return provider !== undefined && provider.kind !== 'local' && (first?.pricePerImageUsd ?? 1) > 0;
      },
      this.#taskCost(task, request, first?.provider).estimatedCostUsd,
    );
  }

  #taskCost(task: ImageTask, request: ImageRequest, provider: string | undefined): { estimatedCostUsd?: number } {
    const support =
      provider === undefined
        ? undefined
        : this.#parts.registry
            .get(provider)
            ?.tasks?.()
            .find((t) => t.task === providerTask(task).kind);
    return support?.priceUsd === undefined ? {} : { estimatedCostUsd: support.priceUsd * Math.max(1, request.count) };
  }

  #taskDeps(): Parameters<typeof resolveTask>[1] {
    return {
      library: () => this.#library(),
      kindOf: (provider) => this.#parts.registry.get(provider)?.kind,
      random: this.#parts.random,
      prepareSeamRepair: async (source, band) =>
        (await this.#seamRepairs.fetch(`${source.hash}:${band}`, { context: { bytes: source.bytes, band } }))!,
    };
  }

  #launch(live: LiveJob, resume: boolean): void {
    const controller = new AbortController();
    live.controller = controller;
    this.#update(live.snapshot.id, {
      state: 'queued',
      error: undefined,
      notice: resume ? 'Resuming; asking the provider for results it already made.' : undefined,
      entryIds: resume ? live.snapshot.entryIds : [],
    });
    live.done = this.#runWaitingForNetwork(live, controller, resume).then(
      (outcome) => {
        this.#update(live.snapshot.id, {
          state: 'saved',
          entryIds: outcome.entries.map((e) => e.id),
          notice: outcome.cached ? 'Served from the library: identical request with the same seed.' : live.snapshot.notice,
        });
        if (outcome.cached) for (const entry of outcome.entries) this.#emit({ type: 'job-image', jobId: live.snapshot.id, entry });
        return outcome;
      },
      (error: unknown) => {
        const failure = toMotifError(error);
        if (this.#closing && failure.code === 'cancelled') throw failure;
        this.#update(live.snapshot.id, {
          state: failure.code === 'cancelled' ? 'cancelled' : 'failed',
          error: failure.toJSON(),
          ...(failure.attempts ? { attempts: [...failure.attempts] } : {}),
        });
        throw failure;
      },
    );
    // Callers of submit() do not await; the failure is already on the job.
    live.done.catch(() => undefined);
  }

  /**
   * Runs the job; when every provider failed only because the network is
   * down, the job waits (state `waiting-network`) and is sent again with
   * backoff until a provider is reachable, the job is cancelled, or the app closes.
   */
  async #runWaitingForNetwork(live: LiveJob, controller: AbortController, resume: boolean): Promise<JobOutcome> {
    const { clock } = this.#parts;
    // One deadline for the whole job: waiting for the network and trying again never extend it.
    const deadline = clock.now() + this.#deadlineMs();
    let backoff: IBackoff<unknown> | undefined;
    for (let wait = 0; ; wait += 1) {
      try {
        if (live.task?.kind === 'upload') return await this.#runUpload(live, live.task, controller, deadline);
        return await this.#runner.run({ job: live.snapshot, request: live.request, task: live.task, controller, resume, deadline });
      } catch (error) {
        const failure = toMotifError(error);
        if (!isNetworkOutage(failure, wait > 0) || this.#closing || controller.signal.aborted) throw failure;
        const outOfTime = (): MotifError =>
          new MotifError('deadline_exceeded', {
            message: 'No provider became reachable before the deadline.',
            attempts: failure.attempts,
            cause: failure,
          });
        const leftMs = deadline - clock.now();
        if (leftMs <= 0) throw outOfTime();
        backoff = nextBackoff(NETWORK_WAIT_BACKOFF, backoff);
        const delayMs = Math.min(backoff.duration, leftMs);
        this.#update(live.snapshot.id, {
          state: 'waiting-network',
          notice: `Waiting for the network: no provider is reachable. Trying again in ${Math.round(delayMs / 1000)} s.`,
          ...(failure.attempts ? { attempts: [...failure.attempts] } : {}),
        });
        await sleep(clock, delayMs, controller.signal);
        // The job ran out of time waiting: it says so, with what it tried.
        if (clock.now() >= deadline) throw outOfTime();
      }
    }
  }

  /**
   * Importing a file: the entry already exists; a provider that keeps uploads
   * (Runware) gets it once now, so later tools reuse its image id. Without one
   * the import alone is the result.
   */
  async #runUpload(live: LiveJob, task: ImageTask, controller: AbortController, deadline: number): Promise<JobOutcome> {
    const entry = await this.getEntry(task.source.entryId);
    if (this.#parts.router.planTask(task, live.request).targets.length > 0)
      await this.#runner.run({ job: live.snapshot, request: live.request, task, controller, resume: false, deadline });
    return { entries: [entry], cached: false };
  }

  #library(): Library {
    return this.#parts.library.current();
  }

  #deadlineMs(): number {
    return this.#parts.config?.routing?.deadlineMs ?? this.#parts.settings.get().routing.deadlineMs;
  }

  /** Applies a patch to a job, saves it, and (unless `announce` is false) tells listeners. */
  #update(jobId: string, patch: Partial<JobSnapshot>, options: { readonly announce?: boolean } = {}): JobSnapshot {
    const live = this.#jobs.get(jobId);
    if (!live) throw new MotifError('not_found', { param: 'jobId' });
    if (Object.keys(patch).length === 0) return live.snapshot;
    const next: JobSnapshot = { ...live.snapshot, ...patch, updatedAt: this.#parts.clock.now() };
    for (const key of Object.keys(patch) as (keyof JobSnapshot)[]) if (patch[key] === undefined) delete next[key];
    live.snapshot = next;
    if (!(this.#closing && next.state === 'cancelled')) void this.#jobStore.save(next).catch(() => undefined);
    if (options.announce !== false) this.#emit({ type: 'job-updated', job: next });
    return next;
  }

  #get(jobId: string): LiveJob {
    const live = typeof jobId === 'string' ? this.#jobs.get(jobId) : undefined;
    if (!live) throw new MotifError('not_found', { param: 'jobId', message: `No job ${String(jobId)}.` });
    return live;
  }

  #evictOldJobs(): void {
    if (this.#jobs.size <= MAX_JOBS_IN_MEMORY) return;
    const finished = [...this.#jobs.values()]
      .filter((j) => FINAL_JOB_STATES.includes(j.snapshot.state))
      .sort((a, b) => a.snapshot.createdAt - b.snapshot.createdAt);
    for (const job of finished.slice(0, this.#jobs.size - MAX_JOBS_IN_MEMORY)) this.#jobs.delete(job.snapshot.id);
  }

  #emit(event: JobEvent): void {
    for (const listener of this.#jobListeners) {
      try {
        listener(event);
      } catch {
        // One broken listener (a closed window) must not stop the others or the job.
      }
    }
  }
}

/** True when the job failed only because connections could not be made. */
/**
 * True when the job failed only because connections could not be made. Once
 * a job is already waiting, the lost connections have opened the providers'
 * breakers, so skips for an open circuit count as the same outage.
 */
function isNetworkOutage(error: MotifError, alreadyWaiting: boolean): boolean {
  if (error.code !== 'no_provider_available' || !error.attempts) return false;
  const tried = error.attempts.filter((a) => a.outcome === 'failure' || (a.outcome === 'skipped' && a.errorCode === 'circuit_open'));
  const lost = tried.filter((a) => a.errorCode === 'connection_lost');
  if (alreadyWaiting) return tried.length > 0 && tried.every((a) => a.errorCode === 'connection_lost' || a.errorCode === 'circuit_open');
  return lost.length > 0 && tried.every((a) => a.errorCode === 'connection_lost' || a.errorCode === 'circuit_open');
}

interface PromptEnhancer {
  enhancePrompt(prompt: string, options: { versions: number; signal: AbortSignal; deadline: number }): Promise<string[]>;
}

const hasEnhancer = (provider: ImageProvider | undefined): provider is ImageProvider & PromptEnhancer =>
  provider !== undefined && typeof (provider as Partial<PromptEnhancer>).enhancePrompt === 'function';

/** A model id from a caller (CLI, HTTP, a test): the engine checks it too, whatever checked it before. */
function checkAir(air: string): string {
  const parsed = airSchema.safeParse(air);
  if (!parsed.success)
    throw new MotifError('invalid_request', { param: 'air', message: parsed.error.issues[0]?.message ?? 'bad model id' });
  return parsed.data;
}

function requestFromSnapshot(job: JobSnapshot): ImageRequest {
  const [width, height] = job.request.size.split('x').map(Number) as [number, number];
  return {
    prompt: job.request.prompt,
    negativePrompt: job.request.negativePrompt,
    style: job.request.style,
    width,
    height,
    count: job.request.count,
    seed: job.seed ?? job.request.seed ?? 0,
    seedExplicit: job.request.seed !== undefined,
    format: job.request.format,
    model: job.request.model,
    noCache: true,
    allowFallback: job.request.allowFallback ?? false,
    ...(job.request.loras && job.request.loras.length > 0 ? { loras: job.request.loras } : {}),
    ...(job.request.layout === undefined ? {} : { layout: job.request.layout }),
  };
}
