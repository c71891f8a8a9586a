import { MotifError, toMotifError } from '../../errors/index.ts';
import type { Clock } from '../../util/clock.ts';
import { deadlineScope, type DeadlineScope } from '../../util/deadline.ts';
import { abortError } from './runware-deadline.ts';
import type { RunwareDataItem, RunwareTaskPayload } from './runware-protocol.ts';

/**
 * When a task counts as done: after `count` data items (one per image or prompt version),
 * or after the first frame that carries any item for it (`getResponse` answers in one frame).
 */
type TaskCompletion = { readonly kind: 'items'; readonly count: number } | { readonly kind: 'first-frame' };

/** What a caller submits. */
export interface RunwareTaskOptions {
  readonly payload: RunwareTaskPayload;
  readonly completion: TaskCompletion;
  /** Called for each new item as it arrives; a throw fails the task with that error. */
  readonly onItem: ((item: RunwareDataItem, index: number) => void) | undefined;
  readonly signal: AbortSignal;
  /** Epoch ms on the injected clock; past it the task fails with `upstream_timeout`. */
  readonly deadline: number;
  /**
   * Whether the task may be sent again, with the same taskUUID, when its socket drops before
   * any reply arrived. Re-sending is what saves a task from a flaky socket; the server answers
   * `conflictTaskUUID` if it had already taken the first copy.
   */
  readonly resendable: boolean;
}

/** The side that owns the task's bookkeeping (the pool). */
export interface RunwareTaskHost {
  taskSettled(task: RunwareTask): void;
}

/**
 * One task in flight: its promise, its single deadline timer and its abort listener.
 * Frames reach it by taskUUID through a Map; nothing here polls. Once settled, it ignores
 * everything, so late frames for a cancelled or timed-out task are dropped.
 */
export class RunwareTask {
  readonly taskUUID: string;
  readonly options: RunwareTaskOptions;
  readonly promise: Promise<RunwareDataItem[]>;
  /** Items accepted so far, in arrival order. */
  readonly items: RunwareDataItem[] = [];
  /** True once any frame (data or error) for this task arrived: it is then no longer safe to re-send. */
  receivedAny = false;
  /** How many times the task was written to a socket (or posted). */
  sendCount = 0;
  /** `getResponse` items still marked `processing`; they are not results. */
  processingCount = 0;
  settled = false;
  /** Where the task currently is; maintained by the pool. */
  location: unknown = undefined;

  #frame: string | undefined;
  #seenImages: Set<string> | undefined;
  #resolve!: (items: RunwareDataItem[]) => void;
  #reject!: (error: MotifError) => void;
  readonly #clock: Clock;
  readonly #provider: string;
  readonly #host: RunwareTaskHost;
  #deadline: DeadlineScope | undefined;

  constructor(options: RunwareTaskOptions, context: { clock: Clock; provider: string; host: RunwareTaskHost }) {
    this.options = options;
    this.taskUUID = options.payload.taskUUID;
    this.#clock = context.clock;
    this.#provider = context.provider;
    this.#host = context.host;
    this.promise = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // The task is a handle: callers may inspect `settled` instead of awaiting, and a task
    // cancelled by shutdown must not surface as an unhandled rejection.
    this.promise.catch(() => {});
    const deadline = deadlineScope({
      clock: this.#clock,
      signal: options.signal,
      deadline: options.deadline,
      reason: () =>
        new MotifError('upstream_timeout', {
          provider: this.#provider,
          message: `Runware did not finish task ${this.taskUUID} (${options.payload.taskType}) before its deadline`,
        }),
    });
    const onEnd = (): void =>
      this.fail(deadline.expired ? (deadline.signal.reason as MotifError) : abortError(options.signal, this.#provider));
    if (deadline.signal.aborted) {
      deadline.dispose();
      onEnd();
      return;
    }
    this.#deadline = deadline;
    deadline.signal.addEventListener('abort', onEnd, { once: true });
  }

  /** The wire frame, serialised once however often the task is sent. */
  get frame(): string {
    this.#frame ??= JSON.stringify([this.options.payload]);
    return this.#frame;
  }

  /** A `data` item for this task arrived. */
  deliverData(item: RunwareDataItem): void {
    if (this.settled) return;
    this.receivedAny = true;
    // getResponse lists unfinished generations too; only finished ones count.
    if (item.status === 'processing') {
      this.processingCount += 1;
      return;
    }
    const imageUUID = item.imageUUID;
    if (typeof imageUUID === 'string') {
      this.#seenImages ??= new Set();
      if (this.#seenImages.has(imageUUID)) return;
      this.#seenImages.add(imageUUID);
    }
    const index = this.items.push(item) - 1;
    if (this.options.onItem !== undefined) {
      try {
        this.options.onItem(item, index);
      } catch (error) {
        this.fail(toMotifError(error));
        return;
      }
    }
    const { completion } = this.options;
    if (completion.kind === 'items' && this.items.length >= completion.count) this.succeed();
  }

  /** The frame that carried items for this task has been fully dispatched. */
  endFrame(): void {
    if (!this.settled && this.receivedAny && this.options.completion.kind === 'first-frame') this.succeed();
  }

  /** An `errors` item for this task arrived, already mapped. */
  deliverError(error: MotifError): void {
    this.receivedAny = true;
    this.fail(error);
  }

  succeed(): void {
    if (!this.#settle()) return;
    this.#resolve(this.items);
  }

  fail(error: MotifError): void {
    if (!this.#settle()) return;
    this.#reject(error);
  }

  #settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.#deadline?.dispose();
    this.#host.taskSettled(this);
    return true;
  }
}
