/**
 * A closed-loop load generator: `concurrency` workers each run one task after
 * another until a count or a time limit is reached. Every loop is bounded both
 * ways, so a stuck upstream cannot keep a benchmark running.
 */
export interface LoadOptions {
  readonly concurrency: number;
  /** Stop starting tasks after this many. */
  readonly maxTasks: number;
  /** Stop starting tasks after this long, once at least `minTasks` have finished. */
  readonly maxMs: number;
  readonly minTasks?: number;
  /** Stop starting tasks after this long, whatever the count. */
  readonly hardMs?: number;
}

export interface LoadResult {
  readonly concurrency: number;
  readonly tasks: number;
  readonly errors: number;
  readonly errorSamples: readonly string[];
  readonly elapsedMs: number;
  /** Successful tasks only. */
  readonly latenciesMs: number[];
  /** User + system CPU of this process during the run. */
  readonly cpuMs: number;
  readonly tasksPerSec: number;
}

export async function closedLoop(task: (index: number) => Promise<unknown>, options: LoadOptions): Promise<LoadResult> {
  const { concurrency, maxTasks, maxMs } = options;
  const minTasks = options.minTasks ?? 0;
  const hardMs = options.hardMs ?? maxMs * 5;
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let started = 0;
  let finished = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const mayStart = (): boolean => {
    if (started >= maxTasks) return false;
    const elapsed = performance.now() - t0;
    if (elapsed >= hardMs) return false;
    return elapsed < maxMs || finished < minTasks;
  };
  const worker = async (): Promise<void> => {
    while (mayStart()) {
      const index = started++;
      const begin = performance.now();
      try {
        await task(index);
        latencies.push(performance.now() - begin);
      } catch (error) {
        errors += 1;
        if (errorSamples.length < 5) errorSamples.push(describeError(error));
      }
      finished += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    concurrency,
    tasks: finished,
    errors,
    errorSamples,
    elapsedMs,
    latenciesMs: latencies,
    cpuMs: (cpu.user + cpu.system) / 1000,
    tasksPerSec: (latencies.length / elapsedMs) * 1000,
  };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${(error as { code?: unknown }).code ?? error.name}: ${error.message}`.slice(0, 300);
  try {
    return JSON.stringify(error).slice(0, 300);
  } catch {
    return String(error).slice(0, 300);
  }
}
