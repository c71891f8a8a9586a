/**
 * Bench-only emulator launcher, forked by `emulator-process.ts`: runs one
 * emulator in its own process (so its CPU is not charged to the client being
 * measured) and obeys commands over IPC: latency, faults, stats, close.
 */
import type { FaultSpec, LatencySpec } from '../../test/emulators/faults.ts';
import { startOpenAIEmulator, type OpenAIEmulator } from '../../test/emulators/openai/index.ts';
import { startRunwareEmulator, type RunwareEmulator } from '../../test/emulators/runware/index.ts';

export type EmulatorKind = 'runware' | 'openai';

export type EmulatorCommand =
  | {
      readonly id: number;
      readonly cmd: 'start';
      readonly kind: EmulatorKind;
      readonly latency?: LatencySpec;
      readonly faults?: FaultSpec;
      readonly seed?: number;
    }
  | { readonly id: number; readonly cmd: 'latency'; readonly latency: LatencySpec }
  | { readonly id: number; readonly cmd: 'faults'; readonly faults: FaultSpec | null }
  | { readonly id: number; readonly cmd: 'stats' }
  | { readonly id: number; readonly cmd: 'close' };

export interface EmulatorChildStats {
  /** Upstream calls that did generation work (imageInference / generations), faulted or not. */
  readonly generations: number;
  readonly promptEnhances: number;
  readonly raw: unknown;
  /** User + system CPU of the emulator process so far. */
  readonly cpuMs: number;
  readonly rssMb: number;
}

let runware: RunwareEmulator | undefined;
let openai: OpenAIEmulator | undefined;

function stats(): EmulatorChildStats {
  const cpu = process.cpuUsage();
  const base = { cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.memoryUsage().rss / 2 ** 20 };
  if (runware)
    return {
      generations: runware.stats.tasks.imageInference ?? 0,
      promptEnhances: runware.stats.tasks.promptEnhance ?? 0,
      raw: runware.stats,
      ...base,
    };
  if (openai) return { generations: openai.stats.generations, promptEnhances: 0, raw: openai.stats, ...base };
  return { generations: 0, promptEnhances: 0, raw: {}, ...base };
}

async function handle(message: EmulatorCommand): Promise<unknown> {
  switch (message.cmd) {
    case 'start': {
      const options = {
        ...(message.latency ? { latency: message.latency } : {}),
        ...(message.faults ? { faults: message.faults } : {}),
        ...(message.seed === undefined ? {} : { seed: message.seed }),
      };
      if (message.kind === 'runware') {
        // No idle timeout: a bench pauses between cells and must not lose its socket to that.
        runware = await startRunwareEmulator({ ...options, idleTimeoutMs: 0 });
        return { wsUrl: runware.wsUrl, restUrl: runware.restUrl, port: runware.port };
      }
      openai = await startOpenAIEmulator(options);
      return { baseUrl: openai.baseUrl, port: openai.port };
    }
    case 'latency':
      (runware ?? openai)?.setLatency(message.latency);
      return {};
    case 'faults': {
      const faults = (runware ?? openai)?.faults;
      if (message.faults === null) faults?.clear();
      else faults?.set(message.faults);
      return {};
    }
    case 'stats':
      return stats();
    case 'close':
      await runware?.close();
      await openai?.close();
      setImmediate(() => process.exit(0));
      return {};
  }
}

process.on('message', (message: EmulatorCommand) => {
  handle(message).then(
    (result) => process.send?.({ id: message.id, ok: true, result }),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: String(error) }),
  );
});
// The parent is gone (crash, Ctrl-C): never outlive it.
process.on('disconnect', () => process.exit(0));
