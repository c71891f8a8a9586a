import type { EstimateInput, GenerateInput } from '../core/contract/image-request.ts';
import type { ImageTaskInput, TaskEstimate } from '../core/contract/image-task.ts';
import type { Attempt, HistoryEntry, LibraryCheck, LibraryPage, LibraryQuery, LibraryRepair } from '../core/contract/history-entry.ts';
import type { ProviderInfo, SettingsView } from '../core/contract/settings-view.ts';
import type { BreakerMode, CostQuote, JobEvent, JobSnapshot, ProviderHealth, TelemetrySnapshot } from '../core/contract/service-types.ts';
import type { PreflightReport, PrintRequest, PrintResult } from '../core/contract/print-request.ts';
import type { CatalogueModel, CatalogueModelsPage, Lora, ModelSearchQuery } from '../core/contract/model-catalogue.ts';
import type { AboutInfo } from '../core/contract/about-info.ts';
import type { ProjectSummary, TagCount } from '../core/contract/project.ts';
import type { z } from 'zod';
import type { windowSecretNameSchema, windowSettingsPatchSchema } from './ipc-contract.ts';

/** What the window may change in settings (no library folder, no turning the local API on). */
type SettingsPatch = z.input<typeof windowSettingsPatchSchema>;
/** The keys the window may set or clear. */
type SecretName = z.infer<typeof windowSecretNameSchema>;

export type {
  Attempt,
  ProviderInfo,
  ProviderHealth,
  SettingsView,
  JobEvent,
  JobSnapshot,
  TelemetrySnapshot,
  HistoryEntry,
  LibraryCheck,
  LibraryQuery,
  ProjectSummary,
  TagCount,
  GenerateInput,
  CostQuote,
  ImageTaskInput,
  TaskEstimate,
  SettingsPatch,
  SecretName,
  BreakerMode,
  AboutInfo,
  PreflightReport,
  PrintRequest,
  PrintResult,
  CatalogueModel,
  CatalogueModelsPage,
  Lora,
  ModelSearchQuery,
};

/**
 * The one API the renderer sees as `window.motif`. The preload implements it
 * over IPC; browser tests implement it over a loopback bridge to a real engine.
 * Every call may reject with an error whose `code` is a registered Motif code
 * and whose `userMessage` is what the UI shows.
 */
export interface MotifBridge {
  readonly jobs: {
    submit(input: GenerateInput): Promise<JobSnapshot>;
    /** What the job would cost on the provider it would start on, and whether the daily cap would refuse it. */
    estimate(input: EstimateInput): Promise<CostQuote>;
    cancel(jobId: string): Promise<void>;
    list(): Promise<readonly JobSnapshot[]>;
    resume(jobId: string): Promise<JobSnapshot>;
    discard(jobId: string): Promise<void>;
    /** Returns an unsubscribe function. */
    onEvent(listener: (event: JobEvent) => void): () => void;
  };
  /** The image tools (vary, extend, edit area, upscale, remove background, caption, vectorize, import). */
  readonly tasks: {
    /** Runs a tool as a job: it appears in the queue like a generation; cancel it with `jobs.cancel`. */
    submit(input: ImageTaskInput): Promise<JobSnapshot>;
    /** The cost before it runs, and which providers could run it on this image now (and why the others cannot). */
    estimate(input: ImageTaskInput): Promise<TaskEstimate>;
  };
  readonly prompts: {
    enhance(prompt: string, versions?: number): Promise<readonly string[]>;
  };
  readonly models: {
    /** One page of the model catalogue (cached in main); offline, the built-in and pinned models with the reason. */
    search(query: ModelSearchQuery): Promise<CatalogueModelsPage>;
    /** Pins a model the catalogue showed; the settings view comes back with the new model menu. */
    pin(air: string): Promise<SettingsView>;
    unpin(air: string): Promise<SettingsView>;
  };
  readonly library: {
    list(query: LibraryQuery): Promise<LibraryPage>;
    get(id: string): Promise<HistoryEntry>;
    setFavourite(id: string, favourite: boolean): Promise<HistoryEntry>;
    delete(ids: readonly string[]): Promise<{ undoToken: string; deleted: number }>;
    undoDelete(undoToken: string): Promise<{ restored: number }>;
    /** Main asks the user for the destination with a native dialog; resolves undefined when cancelled. */
    export(
      ids: readonly string[],
      kind: 'folder' | 'zip',
      options?: { readonly embedSettings?: boolean },
    ): Promise<{ path: string; exported: number } | undefined>;
    /** Starts a native drag of the entries' files (a no-op outside Electron). */
    startDrag(ids: readonly string[]): void;
    openFolder(): Promise<void>;
    /** Copies the entry's full image to the system clipboard. */
    copyImage(id: string): Promise<void>;
    /** Shows an export (a path `export` returned) in the file manager. */
    showExported(path: string): Promise<void>;
    /** What the index does not account for (unreadable lines, stray images, missing files). */
    check(): Promise<LibraryCheck>;
    /** Brings unaccounted images back as entries and sets unreadable lines aside; deletes nothing. */
    repair(): Promise<LibraryRepair>;
    /** Replaces an image's tags; resolves with the entry carrying them. */
    setTags(id: string, tags: readonly string[]): Promise<HistoryEntry>;
    /** Tags in use, most used first. */
    tags(): Promise<readonly TagCount[]>;
    /** Imports image files (a drop, or files chosen with "Import…"); Motif exports keep their settings. */
    importFiles(files: readonly { name: string; bytes: Uint8Array }[]): Promise<{
      imported: readonly HistoryEntry[];
      failed: readonly { name: string; code: string; message: string }[];
    }>;
  };
  /** Projects ("boards"): named sets of images; one image can sit in several. */
  readonly projects: {
    list(): Promise<readonly ProjectSummary[]>;
    create(name: string): Promise<ProjectSummary>;
    rename(id: string, name: string): Promise<ProjectSummary>;
    /** Removes the project, never its images. */
    delete(id: string): Promise<{ deleted: string }>;
    /** Chooses the cover; `undefined` goes back to the first image filed. */
    setCover(id: string, entryId: string | undefined): Promise<ProjectSummary>;
    add(id: string, ids: readonly string[]): Promise<ProjectSummary>;
    remove(id: string, ids: readonly string[]): Promise<ProjectSummary>;
  };
  readonly print: {
    /** Page geometry and each design's resolution verdict for the chosen product and options. */
    preflight(request: PrintRequest): Promise<PreflightReport>;
    /** Main asks where to save with a native dialog, then writes the file; undefined when cancelled. */
    export(request: PrintRequest): Promise<PrintResult | undefined>;
  };
  readonly media: {
    /** URL of an entry's thumbnail, loadable by an <img> under the app's CSP. */
    thumbnailUrl(id: string): string;
    imageUrl(id: string): string;
    /** URL of a catalogue model's preview, fetched by main (the window never loads a remote address). */
    modelPreviewUrl(air: string): string;
  };
  readonly settings: {
    get(): Promise<SettingsView>;
    update(patch: SettingsPatch): Promise<SettingsView>;
    /** Write-only: the key goes to main and is never readable again. */
    setKey(name: SecretName, value: string): Promise<SettingsView>;
    clearKey(name: SecretName): Promise<SettingsView>;
    /** Moves the library to a folder the user picks; undefined when cancelled. */
    moveLibrary(): Promise<SettingsView | undefined>;
    /** Turns the local API on (after main asks the user) or off; undefined when the user declined. */
    setServerEnabled(enabled: boolean): Promise<SettingsView | undefined>;
  };
  readonly health: {
    snapshot(): Promise<TelemetrySnapshot>;
    onSnapshot(listener: (snapshot: TelemetrySnapshot) => void): () => void;
    setBreakerMode(provider: string, mode: BreakerMode): Promise<TelemetrySnapshot>;
    testConnection(provider: string): Promise<{ ok: boolean; latencyMs: number; message: string | undefined }>;
  };
  readonly app: {
    /** Version, where data lives, and the licences of the bundled art and fonts. */
    about(): Promise<AboutInfo>;
  };
}

declare global {
  interface Window {
    readonly motif: MotifBridge;
  }
}
