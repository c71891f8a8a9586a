import { errorItem, type RunwareErrorItem, type RunwareFrame } from './runware-errors.ts';

type Item = Readonly<Record<string, unknown>>;

interface TaskRecord {
  readonly taskType: string;
  readonly taskUUID: string;
  readonly expected: number;
  readonly items: (Item | undefined)[];
  error: RunwareErrorItem | undefined;
}

/**
 * Results of recent tasks, sync and async alike, so `getResponse` can answer
 * for both: a resumed job asks for its taskUUID before paying again.
 * Bounded: the oldest records go first.
 */
export class RunwareTaskStore {
  readonly #records = new Map<string, TaskRecord>();
  readonly #limit: number;

  constructor(limit = 1000) {
    this.#limit = limit;
  }

  /**
   * Whether `taskUUID` is taken. A failed task frees its UUID, so a client
   * may retry with the same one; a running or finished one does not.
   */
  isTaken(taskUUID: string): boolean {
    const record = this.#records.get(taskUUID);
    return record !== undefined && record.error === undefined;
  }

  begin(taskType: string, taskUUID: string, expected: number): void {
    this.#records.delete(taskUUID);
    this.#records.set(taskUUID, {
      taskType,
      taskUUID,
      expected,
      items: new Array<Item | undefined>(expected).fill(undefined),
      error: undefined,
    });
    while (this.#records.size > this.#limit) {
      const oldest = this.#records.keys().next().value;
      if (oldest === undefined) break;
      this.#records.delete(oldest);
    }
  }

  addItem(taskUUID: string, index: number, item: Item): void {
    const record = this.#records.get(taskUUID);
    if (record && index < record.expected) record.items[index] = item;
  }

  fail(taskUUID: string, error: RunwareErrorItem): void {
    const record = this.#records.get(taskUUID);
    if (record) record.error = error;
  }

  /** The `getResponse` answer for `taskUUID` (§4.2): one item per generation with its `status`. */
  getResponse(taskUUID: string): RunwareFrame {
    const record = this.#records.get(taskUUID);
    if (!record) {
      return { errors: [errorItem('taskFailedOrNotFound', { taskType: 'getResponse', taskUUID }, { parameter: 'taskUUID' })] };
    }
    if (record.error) return { errors: [{ ...record.error, status: 'error' }] };
    return {
      data: record.items.map((item) =>
        item ? { ...item, status: 'success' } : { taskType: record.taskType, taskUUID: record.taskUUID, status: 'processing' },
      ),
    };
  }

  get size(): number {
    return this.#records.size;
  }
}
