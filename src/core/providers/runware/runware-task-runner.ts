import { isMotifError } from '../../errors/index.ts';
import { sleep, type Clock } from '../../util/clock.ts';
import type { RunwareConnectionPool } from './runware-connection-pool.ts';
import { raceRunwareDeadline } from './runware-deadline.ts';
import type { RunwareDataItem } from './runware-protocol.ts';
import type { RunwareRestTransport } from './runware-rest-transport.ts';
import type { RunwareTask, RunwareTaskOptions } from './runware-task.ts';

export type RunwareTransport = 'websocket' | 'rest';

/** The items of a finished task and the transport that carried it. */
export interface TaskRun {
  readonly items: RunwareDataItem[];
  readonly transport: RunwareTransport;
}

export interface RunwareTaskRunnerOptions {
  readonly provider: string;
  readonly pool: RunwareConnectionPool;
  readonly rest: RunwareRestTransport;
  readonly clock: Clock;
  /** The configured transport; `websocket` still uses REST while the sockets are down. */
  readonly transport: RunwareTransport;
  /** Poll period while `getResponse` reports a task still processing. */
  readonly pollIntervalMs: number;
  readonly log: (level: 'info' | 'warn', message: string) => void;
}

/**
 * Runs one Runware task on the right transport and makes sure it is paid for at most once:
 * REST when configured or while the sockets are down; REST again, same taskUUID, when the
 * sockets fail before any reply; and `getResponse` whenever Runware says it already has the
 * taskUUID (`conflictTaskUUID`) or a resumed job asks for earlier results.
 */
export class RunwareTaskRunner {
  readonly #o: RunwareTaskRunnerOptions;

  constructor(options: RunwareTaskRunnerOptions) {
    this.#o = options;
  }

  /** The transport a task would take right now. */
  activeTransport(): RunwareTransport {
    return this.#o.transport === 'rest' || this.#o.pool.isDown() ? 'rest' : 'websocket';
  }

  /** Runs the task; `onSent` is called once it is on its way. */
  async run(spec: RunwareTaskOptions, apiKey: string, onSent?: () => void): Promise<TaskRun> {
    try {
      return await this.#execute(spec, apiKey, onSent);
    } catch (error) {
      if (!isMotifError(error) || error.upstream?.upstreamCode !== 'conflictTaskUUID' || spec.payload.taskType === 'getResponse')
        throw error;
      this.#o.log('info', `Runware already had task ${spec.payload.taskUUID}; fetching its results`);
      const expected = spec.completion.kind === 'items' ? spec.completion.count : 1;
      const run = await this.recover(
        spec.payload.taskUUID,
        { expected, onItem: spec.onItem, signal: spec.signal, deadline: spec.deadline, notFoundIsAnswer: false },
        apiKey,
      );
      if (run === undefined) throw error;
      return run;
    }
  }

  /**
   * Asks `getResponse` for a task's finished results, polling while it is still processing,
   * and hands them to `onItem`. Returns undefined when Runware does not know the task and
   * `notFoundIsAnswer` is set, so the caller can send it afresh.
   */
  async recover(
    taskUUID: string,
    options: Pick<RunwareTaskOptions, 'onItem' | 'signal' | 'deadline'> & { readonly expected: number; readonly notFoundIsAnswer: boolean },
    apiKey: string,
  ): Promise<TaskRun | undefined> {
    const { clock, pollIntervalMs, provider } = this.#o;
    for (;;) {
      const spec: RunwareTaskOptions = {
        payload: { taskType: 'getResponse', taskUUID },
        completion: { kind: 'first-frame' },
        onItem: undefined,
        signal: options.signal,
        deadline: options.deadline,
        resendable: true,
      };
      let task: RunwareTask;
      let run: TaskRun;
      try {
        const transport = this.activeTransport();
        task = transport === 'rest' ? this.#o.rest.execute(spec, apiKey) : this.#o.pool.submit(spec);
        run = { items: await task.promise, transport };
      } catch (error) {
        if (options.notFoundIsAnswer && isMotifError(error) && error.upstream?.upstreamCode === 'taskFailedOrNotFound') return undefined;
        throw error;
      }
      if (run.items.length >= options.expected || task.processingCount === 0) {
        if (run.items.length === 0 && options.notFoundIsAnswer) return undefined;
        run.items.forEach((item, index) => options.onItem?.(item, index));
        return run;
      }
      await raceRunwareDeadline(sleep(clock, pollIntervalMs, options.signal), {
        clock,
        signal: options.signal,
        deadline: options.deadline,
        provider,
        what: `task ${taskUUID}`,
      });
    }
  }

  async #execute(spec: RunwareTaskOptions, apiKey: string, onSent: (() => void) | undefined): Promise<TaskRun> {
    if (this.activeTransport() === 'rest') return this.#executeRest(spec, apiKey, onSent);
    const task = this.#o.pool.submit(spec);
    if (!task.settled) onSent?.();
    try {
      return { items: await task.promise, transport: 'websocket' };
    } catch (error) {
      // No reply arrived before the sockets failed, so REST may carry the task: with the same
      // taskUUID, a copy that did reach Runware answers `conflictTaskUUID` and run() fetches it.
      const safe = !task.receivedAny && spec.resendable && isMotifError(error) && error.code === 'connection_lost';
      if (!safe || spec.signal.aborted || this.#o.clock.now() >= spec.deadline) throw error;
      this.#o.log('info', 'Runware sockets are down; sending the task over REST');
      return this.#executeRest(spec, apiKey, task.sendCount === 0 ? onSent : undefined);
    }
  }

  async #executeRest(spec: RunwareTaskOptions, apiKey: string, onSent: (() => void) | undefined): Promise<TaskRun> {
    const task = this.#o.rest.execute(spec, apiKey);
    if (!task.settled) onSent?.();
    return { items: await task.promise, transport: 'rest' };
  }
}
