import { parseArgs } from 'node:util';
import { FAULT_STATUSES, type Fault, type FaultSpec, type FaultStatus, type LatencySpec } from './faults.ts';

export interface EmulatorCliOptions {
  readonly kind: 'runware' | 'openai';
  readonly port: number;
  readonly host: string;
  readonly apiKey: string | undefined;
  readonly latency: LatencySpec | undefined;
  readonly faults: FaultSpec | undefined;
  readonly seed: number | undefined;
  readonly dimensionMultiple: number | undefined;
  readonly idleTimeoutMs: number | undefined;
  /** Runware: refuse WebSocket upgrades with 503 (REST stays up). */
  readonly rejectWebSocketUpgrades: boolean;
  /** Runware: leave this many pings unanswered, or all of them. */
  readonly suppressPongs: number | 'all' | undefined;
}

export const USAGE = `usage: npm run emulator -- runware|openai [--port N] [--host H] [--api-key KEY] [--seed S]
  [--latency-ms N | --latency fixed:MS | uniform:MIN:MAX | long-tail:BASE:TAIL:RATE]
  [--error-rate R --error-codes 500,429,429:insufficient_quota,timeoutProvider,hang,drop-socket,malformed-json,garbage-frame,delay:MS,trickle:BYTES:MS]
  [--dimension-multiple N] [--idle-timeout-ms N] [--suppress-pongs N|all] [--reject-ws-upgrades]   (runware only)`;

const number = (value: string, name: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new Error(`${name} must be a number, got '${value}'`);
  return n;
};

/** `fixed:MS`, `uniform:MIN:MAX` or `long-tail:BASE:TAIL:RATE`. */
export function parseLatency(value: string): LatencySpec {
  const [kind, ...rest] = value.split(':');
  const nums = rest.map((part) => number(part, '--latency'));
  if (kind === 'fixed' && nums.length === 1) return { kind, ms: nums[0] as number };
  if (kind === 'uniform' && nums.length === 2) return { kind, minMs: nums[0] as number, maxMs: nums[1] as number };
  if (kind === 'long-tail' && nums.length === 3)
    return { kind, baseMs: nums[0] as number, tailMs: nums[1] as number, tailRate: nums[2] as number };
  throw new Error(`--latency must be fixed:MS, uniform:MIN:MAX or long-tail:BASE:TAIL:RATE, got '${value}'`);
}

/**
 * One `--error-codes` entry: an HTTP status (`503`, or `429:insufficient_quota`
 * with an upstream code), a fault kind (`hang`, `delay:MS`, …), or any other
 * word as a Runware error code (`timeoutProvider`).
 */
export function parseFaultCode(value: string): Fault {
  const [head = '', ...rest] = value.trim().split(':');
  if (/^\d+$/.test(head)) {
    const status = Number(head);
    if (!(FAULT_STATUSES as readonly number[]).includes(status))
      throw new Error(`status ${status} is not one of ${FAULT_STATUSES.join(', ')}`);
    return { kind: 'status', status: status as FaultStatus, ...(rest.length > 0 ? { code: rest.join(':') } : {}) };
  }
  if (head === 'hang' || head === 'drop-socket' || head === 'malformed-json' || head === 'garbage-frame') return { kind: head };
  if (head === 'delay') return { kind: 'delay', ms: number(rest[0] ?? '', 'delay:MS') };
  if (head === 'trickle')
    return {
      kind: 'trickle',
      chunkBytes: number(rest[0] ?? '', 'trickle:BYTES:MS'),
      intervalMs: number(rest[1] ?? '', 'trickle:BYTES:MS'),
    };
  if (!/^\w+$/.test(head)) throw new Error(`'${value}' is not a fault`);
  return { kind: 'runware-error', code: head };
}

/** Parses the emulator CLI arguments; throws an Error with a readable message. */
export function parseEmulatorArgs(argv: readonly string[]): EmulatorCliOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      seed: { type: 'string' },
      'latency-ms': { type: 'string' },
      latency: { type: 'string' },
      'error-rate': { type: 'string' },
      'error-codes': { type: 'string' },
      'dimension-multiple': { type: 'string' },
      'idle-timeout-ms': { type: 'string' },
      'suppress-pongs': { type: 'string' },
      'reject-ws-upgrades': { type: 'boolean' },
    },
  });
  const kind = positionals[0];
  if (kind !== 'runware' && kind !== 'openai') throw new Error(`first argument must be runware or openai\n${USAGE}`);
  if (values['latency-ms'] !== undefined && values.latency !== undefined) throw new Error('give --latency-ms or --latency, not both');
  const latency =
    values['latency-ms'] !== undefined
      ? { kind: 'fixed' as const, ms: number(values['latency-ms'], '--latency-ms') }
      : values.latency === undefined
        ? undefined
        : parseLatency(values.latency);
  const errorFaults = values['error-codes']
    ?.split(',')
    .filter((c) => c.trim() !== '')
    .map(parseFaultCode);
  const errorRate = values['error-rate'] === undefined ? undefined : number(values['error-rate'], '--error-rate');
  if (errorRate !== undefined && (errorRate < 0 || errorRate > 1)) throw new Error('--error-rate must be between 0 and 1');
  const faults =
    errorRate === undefined && errorFaults === undefined
      ? undefined
      : { errorRate: errorRate ?? 0, ...(errorFaults ? { errorFaults } : {}) };
  const optional = (name: string, value: string | undefined): number | undefined => (value === undefined ? undefined : number(value, name));
  const pongs = values['suppress-pongs'];
  if (kind === 'openai' && (pongs !== undefined || values['reject-ws-upgrades'] === true))
    throw new Error('--suppress-pongs and --reject-ws-upgrades are for runware (OpenAI has no WebSocket)');
  const suppressPongs = pongs === undefined || pongs === 'all' ? pongs : optional('--suppress-pongs', pongs);
  if (typeof suppressPongs === 'number' && !(Number.isInteger(suppressPongs) && suppressPongs >= 0))
    throw new Error("--suppress-pongs must be a whole number >= 0 or 'all'");
  return {
    kind,
    port: optional('--port', values.port) ?? 0,
    host: values.host ?? '127.0.0.1',
    apiKey: values['api-key'],
    latency,
    faults,
    seed: optional('--seed', values.seed),
    dimensionMultiple: optional('--dimension-multiple', values['dimension-multiple']),
    idleTimeoutMs: optional('--idle-timeout-ms', values['idle-timeout-ms']),
    rejectWebSocketUpgrades: values['reject-ws-upgrades'] === true,
    suppressPongs,
  };
}
