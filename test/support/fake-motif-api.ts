import { generateInputSchema, type GenerateInput } from '../../src/core/contract/image-request.ts';
import { MotifError } from '../../src/core/errors/index.ts';
import type { HistoryEntry } from '../../src/core/contract/history-entry.ts';
import type { GenerateOutcome, MotifApi } from '../../src/core/service/motif-api.ts';
import type { JobSnapshot, TelemetrySnapshot } from '../../src/core/contract/service-types.ts';

/** A 1×1 PNG, enough for byte-level assertions. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export interface FakeMotifApi extends MotifApi {
  /** Every input `generate` received, in order. */
  readonly calls: { input: GenerateInput; signal: AbortSignal | undefined }[];
}

const unused = (name: string) => (): never => {
  throw new Error(`fake MotifApi: the server under test must not call ${name}`);
};

/**
 * A small in-memory MotifApi for unit tests of the server: `generate` makes
 * entries with TINY_PNG bytes unless `overrides.generate` says otherwise.
 */
export function fakeMotifApi(overrides: Partial<MotifApi> = {}): FakeMotifApi {
  const images = new Map<string, HistoryEntry>();
  const calls: FakeMotifApi['calls'] = [];
  let next = 1;
  const generate = async (input: GenerateInput, options?: { readonly signal?: AbortSignal }): Promise<GenerateOutcome> => {
    calls.push({ input, signal: options?.signal });
    const request = generateInputSchema.parse(input);
    const jobId = `job${next}`;
    const entries: HistoryEntry[] = [];
    for (let i = 0; i < request.count; i += 1) {
      const entry: HistoryEntry = {
        id: `entry${next}-${i}`,
        jobId,
        imageHash: 'a'.repeat(64),
        format: request.format,
        width: request.size.width,
        height: request.size.height,
        bytes: TINY_PNG.length,
        prompt: request.prompt,
        style: request.style,
        provider: 'local',
        model: 'procedural',
        seed: (request.seed ?? 7) + i,
        latencyMs: 5,
        createdAt: 1_700_000_000_000,
        favourite: false,
        fallback: true,
        warnings: [],
        attempts: [],
      };
      images.set(entry.id, entry);
      entries.push(entry);
    }
    next += 1;
    const job: JobSnapshot = {
      id: jobId,
      request: {
        prompt: request.prompt,
        style: request.style,
        size: `${request.size.width}x${request.size.height}`,
        count: request.count,
        format: request.format,
        model: request.model,
      },
      state: 'saved',
      provider: 'local',
      model: 'procedural',
      seed: request.seed ?? 7,
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_050,
      entryIds: entries.map((e) => e.id),
      expected: request.count,
      fallback: true,
      attempts: [
        { provider: 'runware', model: 'runware:101@1', outcome: 'failure', durationMs: 1203.4, errorCode: 'upstream_timeout' },
        { provider: 'local', model: 'procedural', outcome: 'success', durationMs: 45 },
      ],
    };
    return { job, entries, cached: false };
  };
  const readImage = async (id: string): Promise<{ bytes: Uint8Array; mediaType: string }> => {
    if (!images.has(id)) throw new MotifError('not_found', { message: `No library entry ${id}` });
    return { bytes: TINY_PNG, mediaType: 'image/png' };
  };
  const api: FakeMotifApi = {
    calls,
    submit: unused('submit'),
    estimateCost: unused('estimateCost'),
    submitTask: unused('submitTask'),
    runTask: unused('runTask'),
    estimateTask: unused('estimateTask'),
    cancel: unused('cancel'),
    jobs: () => [],
    resume: unused('resume'),
    discard: unused('discard'),
    onJobEvent: () => () => undefined,
    enhancePrompt: unused('enhancePrompt'),
    searchModels: unused('searchModels'),
    pinModel: unused('pinModel'),
    unpinModel: unused('unpinModel'),
    readModelPreview: unused('readModelPreview'),
    listLibrary: async () => ({ items: [...images.values()], total: images.size, offset: 0 }),
    getEntry: async (id) => images.get(id) ?? Promise.reject(new MotifError('not_found')),
    setFavourite: unused('setFavourite'),
    deleteEntries: unused('deleteEntries'),
    undoDelete: unused('undoDelete'),
    checkLibrary: unused('checkLibrary'),
    repairLibrary: unused('repairLibrary'),
    exportEntries: unused('exportEntries'),
    exportedImage: unused('exportedImage'),
    readImage,
    readThumbnail: readImage,
    readVector: unused('readVector'),
    imagePath: unused('imagePath'),
    listProjects: unused('listProjects'),
    createProject: unused('createProject'),
    renameProject: unused('renameProject'),
    deleteProject: unused('deleteProject'),
    setProjectCover: unused('setProjectCover'),
    addToProject: unused('addToProject'),
    removeFromProject: unused('removeFromProject'),
    setTags: unused('setTags'),
    listTags: unused('listTags'),
    importImages: unused('importImages'),
    getSettings: () => ({
      settings: {} as never,
      secrets: { runware: false, openai: false, 'server-token': false },
      secretStorage: { persistent: false, reason: undefined },
      providers: [],
      models: [
        { id: 'default', label: 'Best available' },
        { id: 'offline', label: 'Offline engine' },
      ],
      libraryDir: '/tmp/fake',
      notices: [],
    }),
    updateSettings: unused('updateSettings'),
    moveLibrary: unused('moveLibrary'),
    setSecret: unused('setSecret'),
    clearSecret: unused('clearSecret'),
    telemetry: () => FAKE_TELEMETRY,
    onTelemetry: () => () => undefined,
    setBreakerMode: unused('setBreakerMode'),
    testConnection: unused('testConnection'),
    printPreflight: unused('printPreflight'),
    printExport: unused('printExport'),
    printRender: unused('printRender'),
    close: async () => undefined,
    generate,
    ...overrides,
  };
  return api;
}

const latency = { avgMs: 812.6, p95Ms: 1500, recentMs: [700, 900] };

/** A telemetry snapshot with one healthy and one open provider. */
const FAKE_TELEMETRY: TelemetrySnapshot = {
  at: 1_700_000_000_000,
  providers: [
    {
      id: 'runware',
      label: 'Runware',
      kind: 'runware',
      enabled: true,
      keySet: true,
      requiresKey: true,
      status: 'open',
      statusText: 'Circuit open',
      breaker: 'open',
      breakerMode: 'auto',
      successRate: 0.5,
      latency,
      inFlight: 0,
      queued: 0,
      costTodayUsd: 0.01,
    },
    {
      id: 'local',
      label: 'Offline engine',
      kind: 'local',
      enabled: true,
      keySet: false,
      requiresKey: false,
      status: 'healthy',
      statusText: 'Ready',
      breaker: 'closed',
      breakerMode: 'auto',
      successRate: 1,
      latency: { avgMs: null, p95Ms: null, recentMs: [] },
      inFlight: 0,
      queued: 0,
      costTodayUsd: 0,
    },
  ],
  targets: [],
  caches: [{ name: 'result', hits: 3, misses: 1, size: 2, hitRatio: 0.75 }],
  spend: { todayUsd: 0.01, capUsd: 0, unknownPricedToday: 0, byProvider: { runware: 0.01 } },
};
