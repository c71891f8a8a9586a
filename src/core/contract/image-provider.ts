import type { MotifError } from '../errors/motif-error.ts';
import type { ImageFormat, ImageRequest } from './image-request.ts';
import type { ImageTaskKind, ProviderTask } from './image-task.ts';

/** Bumped when the contract changes shape, so adapters fail to compile rather than misbehave. */
export type ProviderSpecificationVersion = 'v1';

/** A setting the provider could not honour exactly. Returned, never thrown, never dropped. */
export type ProviderWarning =
  | { readonly type: 'unsupported-setting'; readonly setting: string; readonly details: string }
  | { readonly type: 'compatibility'; readonly setting: string; readonly details: string }
  | { readonly type: 'other'; readonly message: string };

type SizeCapability =
  | { readonly kind: 'list'; readonly sizes: readonly { readonly width: number; readonly height: number }[] }
  | { readonly kind: 'range'; readonly min: number; readonly max: number; readonly multipleOf: number };

export interface ProviderCapabilities {
  readonly sizes: SizeCapability;
  readonly maxImagesPerCall: number;
  readonly seed: boolean;
  readonly negativePrompt: boolean;
  readonly formats: readonly ImageFormat[];
  /** Applies LoRAs (`ImageRequest.loras`); without it the router drops them with a warning. */
  readonly loras?: boolean;
  /** Lays out the product a request names (`ImageRequest.layout`); without it the router drops the layout with a warning. */
  readonly layouts?: boolean;
}

export interface ProviderModel {
  /** The provider's own model id, e.g. `runware:101@1` or `dall-e-3`. */
  readonly id: string;
  readonly label: string;
  readonly capabilities: ProviderCapabilities;
  /** Price per image in USD when known; `undefined` means unknown, never zero. */
  readonly pricePerImageUsd: number | undefined;
}

export interface GeneratedImage {
  readonly bytes: Uint8Array;
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  /** The seed the provider used, when it reports one. */
  readonly seed: number | undefined;
  readonly costUsd: number | undefined;
  /**
   * The same image as a self-contained SVG (text as paths, no external
   * references, no raster), for vector-sharp print. Only the offline engine
   * draws in vectors; other providers leave it out.
   */
  readonly svg?: string | undefined;
  /** This image's provider metadata, namespaced by provider (the offline engine's `local` says what it drew). */
  readonly providerMetadata?: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined;
}

/**
 * Everything a provider needs for one call. Options are required but may be
 * undefined, so every caller states every setting.
 */
export interface ProviderGenerateOptions {
  readonly request: ImageRequest;
  /** The provider's model id chosen by the router. */
  readonly model: string;
  /** Aborted on cancel, on the deadline, or when a hedge wins elsewhere. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds by which the call must settle. */
  readonly deadline: number;
  /** Called as each image arrives, before the call settles, so the UI can show it early. */
  readonly onImage: ((image: GeneratedImage, index: number) => void) | undefined;
  /** Called when the call moves to a new visible stage. */
  readonly onStage: ((stage: 'sending' | 'waiting' | 'receiving') => void) | undefined;
  /** A stable UUID for this logical task; a resumed job passes the same one so the provider can avoid paying twice. */
  readonly taskId: string | undefined;
  /** True when this job ran before and was interrupted: ask the provider for earlier results before paying again. */
  readonly resume: boolean;
}

export interface ProviderImageResult {
  readonly images: readonly GeneratedImage[];
  readonly warnings: readonly ProviderWarning[];
  /** Total cost reported by the provider, or `undefined` when it reports none. */
  readonly costUsd: number | undefined;
  /** Provider-specific extras, namespaced by provider kind. */
  readonly providerMetadata: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** A tool a provider instance runs, and with which of its models. */
export interface TaskSupport {
  readonly task: ImageTaskKind;
  /** The provider's model for it (`runware:500@1`); with the provider it names the breaker the task runs through. */
  readonly model: string;
  readonly label: string;
  /** USD per call (per image for vary); `undefined` means unknown, never zero. */
  readonly priceUsd: number | undefined;
}

/** One tool call; like {@link ProviderGenerateOptions}, every option stated. */
export interface ProviderTaskOptions {
  readonly task: ProviderTask;
  /** The model from the provider's {@link TaskSupport}. */
  readonly model: string;
  readonly signal: AbortSignal;
  readonly deadline: number;
  readonly onImage: ((image: GeneratedImage, index: number) => void) | undefined;
  readonly onStage: ((stage: 'sending' | 'waiting' | 'receiving') => void) | undefined;
  /** A stable UUID for this logical task (see {@link ProviderGenerateOptions.taskId}). */
  readonly taskId: string | undefined;
}

/** What a tool call made: images (all but caption) and, for caption, text. */
export interface ProviderTaskResult extends ProviderImageResult {
  readonly texts: readonly string[];
}

export interface CostEstimate {
  /** `undefined` means the price is unknown. */
  readonly usd: number | undefined;
  readonly basis: 'price-table' | 'free' | 'unknown';
}

export interface HealthCheckResult {
  readonly ok: boolean;
  readonly latencyMs: number;
  readonly checkedAt: number;
  readonly error: MotifError | undefined;
}

/** Events adapters emit; only telemetry listens. Adapters never touch metrics themselves. */
export type ProviderEvent =
  | { readonly type: 'pool-stats'; readonly provider: string; readonly stats: PoolStats }
  | { readonly type: 'provider-log'; readonly provider: string; readonly level: 'info' | 'warn'; readonly message: string };

export interface PoolStats {
  readonly transport: 'websocket' | 'rest';
  readonly openSockets: number;
  readonly connecting: number;
  readonly reconnects: number;
  readonly inFlight: number;
  readonly queued: number;
}

export type ProviderEventSink = (event: ProviderEvent) => void;

export interface ImageProvider {
  readonly specificationVersion: ProviderSpecificationVersion;
  /** The instance name, unique in the app: `local`, `runware`, `primary`, … */
  readonly id: string;
  /** Its descriptor's kind (`runware`, `openai`, `local`, …); see src/core/providers/provider-list.ts. */
  readonly kind: string;
  readonly label: string;
  /** Whether the provider needs a key; the router skips it while none is set. */
  readonly requiresKey: boolean;
  hasKey(): boolean;
  models(): readonly ProviderModel[];
  generate(options: ProviderGenerateOptions): Promise<ProviderImageResult>;
  estimateCost(request: ImageRequest, model: string): CostEstimate;
  /** The tools this instance runs beyond generating; absent or empty means none. */
  tasks?(): readonly TaskSupport[];
  /**
   * Why this instance cannot run this particular task (the offline engine only
   * works on its own designs), or `undefined` when it can.
   */
  declineTask?(task: ProviderTask): string | undefined;
  /** Runs a tool it listed in `tasks()`. */
  runTask?(options: ProviderTaskOptions): Promise<ProviderTaskResult>;
  /** A cheap probe (auth or model list, never a paid generation). */
  checkHealth(signal: AbortSignal): Promise<HealthCheckResult>;
  /** Drains in-flight work and releases sockets. */
  close(): Promise<void>;
}

/** The provider's support for a tool, or undefined. */
export function findTaskSupport(provider: ImageProvider, task: ImageTaskKind): TaskSupport | undefined {
  return provider.tasks?.().find((t) => t.task === task);
}

/** Looks a model up, or undefined when the provider does not offer it. */
export function findModel(provider: ImageProvider, model: string): ProviderModel | undefined {
  return provider.models().find((m) => m.id === model);
}
