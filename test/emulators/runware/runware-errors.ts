import type { Fault, FaultStatus } from '../faults.ts';

/** An item of a Runware `errors` array (§5 of the reference). */
export interface RunwareErrorItem {
  readonly code: string;
  readonly message: string;
  readonly parameter?: string | undefined;
  readonly type?: string | undefined;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  readonly multiplier?: number | undefined;
  readonly documentation?: string | undefined;
  readonly taskType?: string | undefined;
  readonly taskUUID?: string | undefined;
  /** Only in `getResponse` answers about a failed task. */
  readonly status?: 'error' | undefined;
}

/** A frame (WS) or body (REST) as Runware sends it. */
export interface RunwareFrame {
  readonly data?: readonly Record<string, unknown>[];
  readonly errors?: readonly RunwareErrorItem[];
}

/**
 * The error code a `status` fault becomes over WebSocket, where there is no
 * HTTP status. Runware publishes no code for most of these (reference §5 [U]);
 * adapters should treat unknown codes by class, and these are the ones the
 * emulator uses.
 */
export const RUNWARE_STATUS_CODES: Readonly<Record<FaultStatus, string>> = {
  400: 'invalidParameter',
  401: 'invalidApiKey',
  402: 'insufficientCredits',
  403: 'accessDenied',
  429: 'rateLimitExceeded',
  500: 'internalServerError',
  503: 'serviceUnavailable',
  504: 'timeoutProvider',
};

const MESSAGES: Readonly<Record<string, string>> = {
  invalidParameter: 'Invalid request parameter.',
  invalidApiKey: 'Invalid API key. Get one at https://my.runware.ai/signup',
  missingApiKey: 'Missing API key. Authenticate before sending tasks.',
  insufficientCredits: 'Insufficient credits. Top up your account balance to continue.',
  accessDenied: 'This API key is not allowed to perform this task.',
  rateLimitExceeded: 'Queue capacity exceeded. Retry with backoff.',
  internalServerError: 'An unexpected server error occurred.',
  serviceUnavailable: 'Temporary capacity shortage. Retry shortly.',
  timeoutProvider: 'The inference provider did not answer in time.',
  taskFailedOrNotFound: 'No task with this taskUUID was found, or it failed.',
  conflictTaskUUID: 'A task with this taskUUID already exists.',
  unsupportedTaskType: 'This taskType is not supported.',
};

/** The HTTP status REST uses for an error code (§5 table; unknown codes are server errors). */
export function httpStatusForCode(code: string): number {
  for (const [status, known] of Object.entries(RUNWARE_STATUS_CODES)) if (known === code) return Number(status);
  if (code === 'missingApiKey') return 401;
  if (code === 'taskFailedOrNotFound') return 404;
  if (/^(invalid|missing|unsupported|conflict|max|unknown)/.test(code)) return 400;
  return 500;
}

/** An error item with the standard message for `code`, tagged with the task. */
export function errorItem(
  code: string,
  task: { taskType?: string | undefined; taskUUID?: string | undefined },
  extra: Partial<RunwareErrorItem> = {},
): RunwareErrorItem {
  return {
    code,
    message: extra.message ?? MESSAGES[code] ?? `Error: ${code}`,
    ...extra,
    ...(task.taskType === undefined ? {} : { taskType: task.taskType }),
    ...(task.taskUUID === undefined ? {} : { taskUUID: task.taskUUID }),
  };
}

/** The error item an error fault stands for; undefined for faults that are not errors. */
export function errorItemForFault(
  fault: Fault,
  task: { taskType?: string | undefined; taskUUID?: string | undefined },
): RunwareErrorItem | undefined {
  if (fault.kind === 'runware-error') return errorItem(fault.code, task, fault.message === undefined ? {} : { message: fault.message });
  if (fault.kind === 'status') {
    const code = fault.code ?? RUNWARE_STATUS_CODES[fault.status];
    return errorItem(code, task, fault.status === 401 ? { parameter: 'apiKey' } : {});
  }
  return undefined;
}
