import type { EstimateInput, GenerateInput } from '../contract/image-request.ts';
import type { CatalogueModelsPage, ModelSearchQuery, PinnedModel } from '../contract/model-catalogue.ts';
import type { ImageTaskInput, TaskEstimate } from '../contract/image-task.ts';
import type { HistoryEntry, LibraryCheck, LibraryPage, LibraryQuery, LibraryRepair } from '../contract/history-entry.ts';
import type { SecretName, SettingsPatch } from '../contract/settings-schema.ts';
import type { SettingsView } from '../contract/settings-view.ts';
import type { PreflightReport, PrintRequest, PrintResult } from '../contract/print-request.ts';
import type { BreakerMode, CostQuote, JobEvent, JobSnapshot, TelemetrySnapshot } from '../contract/service-types.ts';
import type { ProjectSummary, TagCount } from '../contract/project.ts';
import type { ImportFile } from '../library/import-image.ts';
import type { ImportResult } from '../library/library-import.ts';
export interface GenerateOutcome {
  readonly job: JobSnapshot;
  readonly entries: readonly HistoryEntry[];
  /** True when the result came from the exact-result cache, without an upstream call. */
  readonly cached: boolean;
}

/** A finished tool job: its images (with `parentId` set) and, for caption, the text. */
export interface TaskOutcome extends GenerateOutcome {
  readonly texts: readonly string[];
}

export type ExportTarget = { readonly kind: 'folder'; readonly path: string } | { readonly kind: 'zip'; readonly path: string };

/** An export in memory: `files[0]` is the print file; `role` names the others (cut, preview, sticker). */
export interface PrintRendering {
  readonly files: readonly {
    readonly role: 'print' | 'cut' | 'preview' | 'sticker';
    readonly extension: string;
    readonly bytes: Uint8Array;
  }[];
  readonly pages: number;
}

export interface PrintExportOptions {
  /** Called as the export moves through its stages, for a progress bar. */
  readonly onProgress?: ((progress: { readonly done: number; readonly total: number; readonly stage: string }) => void) | undefined;
}

/**
 * The engine's one API. IPC handlers, the local HTTP server and the CLI all
 * call this and nothing below it.
 */
export interface MotifApi {
  /** Validates, records the job durably and starts it. Resolves at once with the queued job. */
  submit(input: GenerateInput): Promise<JobSnapshot>;
  /** Submits and waits for the job to finish. Rejects with a MotifError when it fails. */
  generate(input: GenerateInput, options?: { readonly signal?: AbortSignal }): Promise<GenerateOutcome>;
  /**
   * What a job would cost on the provider it would start on, and whether the
   * daily cap would refuse it; `submit` applies the same check before a job starts.
   */
  estimateCost(input: EstimateInput): Promise<CostQuote>;
  /**
   * Runs a tool (vary, extend, edit area, upscale, remove background, caption,
   * vectorize, or importing a file) on an image as a job: queued, progress and
   * cancel like a generation (`cancel(jobId)`). Resolves at once with the
   * queued job, whose `task` says what it does; results arrive as `job-image`
   * events whose entries carry `parentId` and `task`. A file's bytes are
   * imported into the library first (announced as a `job-image` too).
   * Rejects with `task_unavailable` when no provider can run the tool now.
   */
  submitTask(input: ImageTaskInput): Promise<JobSnapshot>;
  /** Submits a tool job and waits for it (the CLI and HTTP routes). */
  runTask(input: ImageTaskInput, options?: { readonly signal?: AbortSignal }): Promise<TaskOutcome>;
  /** The cost of a tool before it runs, and which providers could run it on this image now (and why the others cannot). Writes nothing. */
  estimateTask(input: ImageTaskInput): Promise<TaskEstimate>;
  cancel(jobId: string): Promise<void>;
  /** Jobs in memory: running, recent, and interrupted ones from the last run. */
  jobs(): readonly JobSnapshot[];
  resume(jobId: string): Promise<JobSnapshot>;
  discard(jobId: string): Promise<void>;
  onJobEvent(listener: (event: JobEvent) => void): () => void;

  enhancePrompt(prompt: string, options?: { readonly versions?: number; readonly signal?: AbortSignal }): Promise<readonly string[]>;

  /** One page of the model catalogue (cached); offline, the built-in and pinned models with the reason. */
  searchModels(query: ModelSearchQuery, options?: { readonly signal?: AbortSignal }): Promise<CatalogueModelsPage>;
  /** Pins a model a search showed: a checkpoint joins the model menu (and routes like the built-in ones), a LoRA the LoRA picker. */
  pinModel(air: string): Promise<readonly PinnedModel[]>;
  unpinModel(air: string): Promise<readonly PinnedModel[]>;
  /** A catalogue model's preview image, fetched and cached by the engine. */
  readModelPreview(air: string): Promise<{ readonly bytes: Uint8Array; readonly mediaType: string }>;

  listLibrary(query: LibraryQuery): Promise<LibraryPage>;
  getEntry(id: string): Promise<HistoryEntry>;
  setFavourite(id: string, favourite: boolean): Promise<HistoryEntry>;
  /** Deletes entries and their files; returns a token that `undoDelete` accepts for a while. */
  deleteEntries(ids: readonly string[]): Promise<{ readonly undoToken: string; readonly deleted: number }>;
  undoDelete(undoToken: string): Promise<{ readonly restored: number }>;
  /** Compares the index with the image files: unreadable lines, images no entry accounts for, entries whose file is gone. */
  checkLibrary(): Promise<LibraryCheck>;
  /** Turns unaccounted images back into entries and sets unreadable index lines aside; never deletes a file. */
  repairLibrary(): Promise<LibraryRepair>;
  /**
   * Copies images (with JSON sidecars) to a folder or zip. Each file carries its
   * settings (PNG text chunks and XMP; XMP in JPEG and WebP) unless `embedSettings` is
   * false, or the setting `exports.embedSettings` is off: then it carries none.
   */
  exportEntries(
    ids: readonly string[],
    target: ExportTarget,
    options?: { readonly embedSettings?: boolean | undefined },
  ): Promise<{ readonly path: string; readonly exported: number }>;
  readImage(id: string): Promise<{ readonly bytes: Uint8Array; readonly mediaType: string }>;
  /**
   * An entry's image as an export hands it out: its settings written in (see
   * `exportEntries`) unless `embedSettings` is false or the setting is off.
   */
  exportedImage(id: string, options?: { readonly embedSettings?: boolean | undefined }): Promise<Uint8Array>;
  readThumbnail(id: string): Promise<{ readonly bytes: Uint8Array; readonly mediaType: string }>;
  /** An entry's SVG twin (offline designs have one: text as paths, print-sharp); `not_found` when it has none. */
  readVector(id: string): Promise<string>;
  /** Absolute path of an entry's image file (for drag-out and the OS). */
  imagePath(id: string): Promise<string>;

  /** Projects ("boards") by name, each with its live image count and cover. */
  listProjects(): Promise<readonly ProjectSummary[]>;
  createProject(name: string): Promise<ProjectSummary>;
  renameProject(id: string, name: string): Promise<ProjectSummary>;
  /** Removes the project only: its images stay in the library and in other projects. */
  deleteProject(id: string): Promise<{ readonly deleted: string }>;
  /** Chooses the cover image (one in the project), or `undefined` for the first image filed. */
  setProjectCover(id: string, entryId: string | undefined): Promise<ProjectSummary>;
  addToProject(id: string, entryIds: readonly string[]): Promise<ProjectSummary>;
  removeFromProject(id: string, entryIds: readonly string[]): Promise<ProjectSummary>;
  /** Replaces an image's tags; returns the entry with them. */
  setTags(id: string, tags: readonly string[]): Promise<HistoryEntry>;
  /** Tags in use, most used first (autocomplete, the tag filter). */
  listTags(): Promise<readonly TagCount[]>;
  /**
   * Brings image files into the library: a Motif export with its settings,
   * tags and projects; any other PNG, JPEG or WebP under its file name. Files
   * given by path take the JSON sidecar an export wrote beside them.
   */
  importImages(files: readonly ImportFile[] | readonly string[]): Promise<ImportResult>;

  /** What a print export would produce: page geometry and each design's resolution verdict. */
  printPreflight(request: PrintRequest): Promise<PreflightReport>;
  /**
   * Builds a print export and writes it to `path` (a sticker sheet's cut SVG,
   * sticker PNG and a pattern's 3×3 preview go beside it, named after it).
   */
  printExport(request: PrintRequest, path: string, options?: PrintExportOptions): Promise<PrintResult>;
  /** Builds a print export in memory (the local API streams it back): the print file first, then the files that go beside it. */
  printRender(request: PrintRequest, options?: PrintExportOptions): Promise<PrintRendering>;

  getSettings(): SettingsView;
  updateSettings(patch: SettingsPatch): Promise<SettingsView>;
  setSecret(name: SecretName, value: string): Promise<SettingsView>;
  clearSecret(name: SecretName): Promise<SettingsView>;
  /** Moves the library (images, thumbnails, index) to a new folder and switches to it. */
  moveLibrary(dir: string): Promise<SettingsView>;

  telemetry(): TelemetrySnapshot;
  onTelemetry(listener: (snapshot: TelemetrySnapshot) => void): () => void;
  setBreakerMode(provider: string, mode: BreakerMode): Promise<TelemetrySnapshot>;
  testConnection(provider: string): Promise<{ readonly ok: boolean; readonly latencyMs: number; readonly message: string | undefined }>;

  /** Finishes or interrupts running jobs, drains providers, flushes the library. */
  close(options?: { readonly graceMs?: number }): Promise<void>;
}
