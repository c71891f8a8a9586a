import { z } from 'zod';
import type { Random } from '../../src/core/util/random.ts';

/**
 * Fault injection shared by the Runware and OpenAI emulators. Every random
 * choice comes from a seeded generator, so a failing run replays exactly.
 */

/** How long an emulator takes to answer one call. */
export type LatencySpec =
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  /** Mostly `baseMs`; with probability `tailRate` an extra `tailMs` (a slow straggler). */
  | { readonly kind: 'long-tail'; readonly baseMs: number; readonly tailMs: number; readonly tailRate: number };

/** HTTP statuses a `status` fault may produce. */
export const FAULT_STATUSES = [400, 401, 402, 403, 429, 500, 503, 504] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

/** One injected failure (or slowdown) for one call. */
export type Fault =
  /**
   * An error answer. Over Runware WS it becomes the equivalent error item
   * (see RUNWARE_STATUS_CODES), where `retryAfterSeconds` has nowhere to go.
   * `code` overrides the emulator's default upstream code for that status,
   * e.g. OpenAI `insufficient_quota` or `content_policy_violation`.
   */
  | {
      readonly kind: 'status';
      readonly status: FaultStatus;
      readonly retryAfterSeconds?: number | undefined;
      readonly code?: string | undefined;
    }
  /** A Runware error item with this code (the OpenAI emulator answers 500 with it). */
  | { readonly kind: 'runware-error'; readonly code: string; readonly message?: string | undefined }
  /** Never answers; the client must time out. */
  | { readonly kind: 'hang' }
  /** WS: closes the socket mid-task (after the first image of a multi-image task). HTTP: destroys the socket. */
  | { readonly kind: 'drop-socket' }
  /**
   * Answers with a body (or frame) that is not valid JSON. Over Runware WS each
   * frame is cut off just after its complete `taskUUID` (and the next key), then
   * garbage follows: the frame does not parse, but a client can still tell which
   * task it was for. HTTP: a 200 body cut off mid-value.
   */
  | { readonly kind: 'malformed-json' }
  /** Answers with a frame (or 200 body) that is not JSON at all and names no task: an HTML error page from a proxy. */
  | { readonly kind: 'garbage-frame' }
  /** Answers correctly, but sends the body `chunkBytes` at a time every `intervalMs`. */
  | { readonly kind: 'trickle'; readonly chunkBytes: number; readonly intervalMs: number }
  /** Answers correctly after an extra `ms`. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** No fault: a placeholder in a script, so "fail, succeed, fail" can be written. */
  | { readonly kind: 'none' };

/** Random faults for a whole run: each call fails with probability `errorRate`, picking one of `errorFaults`. */
export interface FaultSpec {
  readonly errorRate?: number | undefined;
  /** Default: `[{ kind: 'status', status: 500 }]`. */
  readonly errorFaults?: readonly Fault[] | undefined;
}

const nonNegative = z.number().finite().nonnegative();

/** Validates a fault that arrived from outside, e.g. the `x-emulator-fault` header. */
const faultSchema: z.ZodType<Fault> = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('status'),
    status: z.union(FAULT_STATUSES.map((s) => z.literal(s)) as [z.ZodLiteral<FaultStatus>, ...z.ZodLiteral<FaultStatus>[]]),
    retryAfterSeconds: nonNegative.optional(),
    code: z.string().min(1).max(100).optional(),
  }),
  z.strictObject({ kind: z.literal('runware-error'), code: z.string().min(1).max(100), message: z.string().max(500).optional() }),
  z.strictObject({ kind: z.literal('hang') }),
  z.strictObject({ kind: z.literal('drop-socket') }),
  z.strictObject({ kind: z.literal('malformed-json') }),
  z.strictObject({ kind: z.literal('garbage-frame') }),
  z.strictObject({ kind: z.literal('trickle'), chunkBytes: z.number().int().min(1), intervalMs: nonNegative }),
  z.strictObject({ kind: z.literal('delay'), ms: nonNegative }),
  z.strictObject({ kind: z.literal('none') }),
]);

/** The header that injects a fault into one HTTP request. */
export const FAULT_HEADER = 'x-emulator-fault';

/** Parses the `x-emulator-fault` header; throws a readable Error when it is not a valid fault. */
export function parseFaultHeader(value: string): Fault {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new Error(`${FAULT_HEADER} is not JSON`);
  }
  const parsed = faultSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${FAULT_HEADER} is not a valid fault: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

/** Draws one latency in milliseconds from the spec. */
export function drawLatency(spec: LatencySpec, random: Random): number {
  switch (spec.kind) {
    case 'fixed':
      return spec.ms;
    case 'uniform': {
      const lo = Math.min(spec.minMs, spec.maxMs);
      const hi = Math.max(spec.minMs, spec.maxMs);
      return lo + random() * (hi - lo);
    }
    case 'long-tail':
      return spec.baseMs + (random() < spec.tailRate ? spec.tailMs : 0);
  }
}

const DEFAULT_ERROR_FAULTS: readonly Fault[] = [{ kind: 'status', status: 500 }];

/**
 * Decides the fault for each call. Scripted faults (`failNext`, `script`) come
 * first, in order; after that the random spec applies.
 */
export class FaultController {
  readonly #random: Random;
  #spec: FaultSpec = {};
  readonly #queue: Fault[] = [];
  #injected = 0;
  /** Pings still to leave unanswered; Infinity for all of them. */
  #pongsToSuppress = 0;

  constructor(random: Random, spec: FaultSpec = {}) {
    this.#random = random;
    this.set(spec);
  }

  /** Replaces the random spec for the rest of the run. */
  set(spec: FaultSpec): void {
    const rate = spec.errorRate ?? 0;
    if (!(rate >= 0 && rate <= 1)) throw new RangeError('errorRate must be between 0 and 1');
    if (spec.errorFaults !== undefined && spec.errorFaults.length === 0) throw new RangeError('errorFaults must not be empty');
    this.#spec = spec;
  }

  /** The next `n` calls get `fault` (after anything already queued). */
  failNext(n: number, fault: Fault): void {
    for (let i = 0; i < n; i += 1) this.#queue.push(fault);
  }

  /** Queues one fault per call, in order (`{kind:'none'}` lets a call through). */
  script(faults: readonly Fault[]): void {
    this.#queue.push(...faults);
  }

  /**
   * Leaves the next `n` pings unanswered (Runware WS), or every ping with
   * `'all'`, until called again; `suppressPongs(0)` answers pings again. Pings
   * are not calls: they never consume `failNext` or `script` faults.
   */
  suppressPongs(n: number | 'all'): void {
    if (n !== 'all' && !(Number.isInteger(n) && n >= 0)) throw new RangeError("suppressPongs takes a whole number >= 0 or 'all'");
    this.#pongsToSuppress = n === 'all' ? Number.POSITIVE_INFINITY : n;
  }

  /** Pings still to be left unanswered (`Infinity` after `suppressPongs('all')`). */
  get pongsToSuppress(): number {
    return this.#pongsToSuppress;
  }

  /** Called once per received ping: false when this one must go unanswered (uses up one suppression). */
  answerPing(): boolean {
    if (this.#pongsToSuppress <= 0) return true;
    this.#pongsToSuppress -= 1;
    return false;
  }

  /** Drops scripted faults, pong suppression and the random spec. */
  clear(): void {
    this.#queue.length = 0;
    this.#spec = {};
    this.#pongsToSuppress = 0;
  }

  /** Scripted faults not yet used. */
  get pending(): number {
    return this.#queue.length;
  }

  /** How many calls got a fault other than `none` so far. */
  get injected(): number {
    return this.#injected;
  }

  /**
   * The fault for the next call, or undefined for none. `override` (e.g. from
   * the per-request header) wins and does not consume the script.
   */
  next(override?: Fault): Fault | undefined {
    const fault = override ?? this.#queue.shift() ?? this.#draw();
    if (fault === undefined || fault.kind === 'none') return undefined;
    this.#injected += 1;
    return fault;
  }

  #draw(): Fault | undefined {
    const rate = this.#spec.errorRate ?? 0;
    if (rate <= 0) return undefined;
    if (this.#random() >= rate) return undefined;
    const faults = this.#spec.errorFaults ?? DEFAULT_ERROR_FAULTS;
    return faults[Math.floor(this.#random() * faults.length)] ?? faults[0];
  }
}
