import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  BodyTooLargeError,
  garbageReply,
  headerFault,
  jsonReply,
  malformedJsonReply,
  readBody,
  writeReply,
  type HttpReply,
} from '../emulator-http.ts';
import type { EmulatorTimers } from '../emulator-timers.ts';
import type { FaultController } from '../faults.ts';
import type { RunwareEmulatorStats, RunwareEngine, TaskOutput } from './runware-engine.ts';
import { errorItem, errorItemForFault, httpStatusForCode, type RunwareErrorItem } from './runware-errors.ts';
import type { RawTask } from './runware-validation.ts';

export interface RunwareRestOptions {
  readonly engine: RunwareEngine;
  readonly faults: FaultController;
  readonly timers: EmulatorTimers;
  readonly stats: RunwareEmulatorStats;
  readonly apiKey: string | undefined;
}

const errorsReply = (status: number, errors: readonly RunwareErrorItem[], headers: Record<string, string> = {}): HttpReply =>
  jsonReply(status, { errors }, headers);

/**
 * `POST /v1`: the same task array as over WS, one JSON body back (§1.3).
 * Auth is `Authorization: Bearer <key>` or an `authentication` object first in
 * the array. A fault applies to the whole HTTP request.
 */
export async function handleRunwareRest(req: IncomingMessage, res: ServerResponse, o: RunwareRestOptions): Promise<void> {
  o.stats.restRequests += 1;
  let raw: Buffer;
  try {
    raw = await readBody(req, 8 * 1024 * 1024);
  } catch (error) {
    const tooLarge = error instanceof BodyTooLargeError;
    await writeReply(res, errorsReply(tooLarge ? 413 : 400, [errorItem(tooLarge ? 'payloadTooLarge' : 'invalidRequest', {})]), o.timers);
    return;
  }
  const override = headerFault(req);
  if (override instanceof Error) {
    await writeReply(res, errorsReply(400, [errorItem('invalidEmulatorFault', {}, { message: override.message })]), o.timers);
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    await writeReply(
      res,
      errorsReply(400, [errorItem('invalidJSON', {}, { message: 'The body is not valid JSON. Send a JSON array of task objects.' })]),
      o.timers,
    );
    return;
  }
  const tasks = (Array.isArray(parsed) ? parsed : [parsed]).filter(
    (t): t is RawTask => typeof t === 'object' && t !== null && !Array.isArray(t),
  );
  const authError = authenticate(req, tasks, o.apiKey);
  if (authError) {
    await writeReply(res, errorsReply(401, [authError]), o.timers);
    return;
  }
  const work = tasks.filter((t) => t.taskType !== 'authentication');

  // Requests holding only getResponse or ping are polling and do not consume scripted faults.
  const consumes = override !== undefined || work.some((t) => t.taskType !== 'getResponse' && t.taskType !== 'ping');
  const active = consumes ? o.faults.next(override) : undefined;

  if (active?.kind === 'delay') await o.timers.sleep(active.ms);
  if (active?.kind === 'hang') return;
  if (active?.kind === 'drop-socket') {
    req.socket.destroy();
    return;
  }
  const first = work[0];
  const tag = {
    taskType: first ? String(first.taskType) : undefined,
    taskUUID: typeof first?.taskUUID === 'string' ? first.taskUUID : undefined,
  };
  const failure = active ? errorItemForFault(active, tag) : undefined;
  if (active && failure) {
    const status = active.kind === 'status' ? active.status : httpStatusForCode(failure.code);
    const retryAfter: Record<string, string> =
      active.kind === 'status' && active.retryAfterSeconds !== undefined ? { 'retry-after': String(active.retryAfterSeconds) } : {};
    await writeReply(res, errorsReply(status, [failure], retryAfter), o.timers);
    return;
  }

  const data: Record<string, unknown>[] = [];
  const errors: RunwareErrorItem[] = [];
  const out: TaskOutput = {
    send: (frame) => {
      data.push(...(frame.data ?? []));
      errors.push(...(frame.errors ?? []));
    },
    drop: () => undefined,
  };
  await Promise.all(
    work.map(async (task) => {
      if (task.taskType === 'ping') out.send({ data: [{ taskType: 'ping', pong: true }] });
      else await o.engine.runTask(task, out, false);
    }),
  );
  const body = { ...(data.length > 0 ? { data } : {}), ...(errors.length > 0 ? { errors } : {}) };
  // Partial failure keeps 200 (§1.3 leaves it open); all-failed uses the first error's status.
  const status = errors.length > 0 && data.length === 0 ? httpStatusForCode(errors[0]?.code ?? '') : 200;
  const reply = jsonReply(status, body);
  if (active?.kind === 'malformed-json') await writeReply(res, malformedJsonReply(String(reply.body)), o.timers);
  else if (active?.kind === 'garbage-frame') await writeReply(res, garbageReply(), o.timers);
  else await writeReply(res, reply, o.timers, active?.kind === 'trickle' ? active : undefined);
}

function authenticate(req: IncomingMessage, tasks: readonly RawTask[], expected: string | undefined): RunwareErrorItem | undefined {
  const header = req.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  const first = tasks[0];
  const key = bearer ?? (first?.taskType === 'authentication' && typeof first.apiKey === 'string' ? first.apiKey : undefined);
  const tag = { taskType: 'authentication' };
  if (key === undefined || key.length === 0) return errorItem('missingApiKey', tag, { parameter: 'apiKey' });
  if (expected !== undefined && key !== expected) return errorItem('invalidApiKey', tag, { parameter: 'apiKey' });
  return undefined;
}
