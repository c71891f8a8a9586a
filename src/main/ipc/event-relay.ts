import type { MotifApi } from '../../core/service/motif-api.ts';
import { IPC_EVENTS, type EventChannel, type EventPayload } from '../../shared/ipc-contract.ts';

export interface EventRelayOptions {
  /** Delivers one validated event to the page. */
  readonly send: <E extends EventChannel>(event: E, payload: EventPayload<E>) => void;
  /** Job events held while the page loads; the oldest go first when full. Default 500. */
  readonly maxHeldJobEvents?: number | undefined;
  readonly logError?: ((message: string, detail: unknown) => void) | undefined;
}

/**
 * Main → page events. Nothing is sent until the page has loaded (a message sent
 * earlier is lost); job events are held in order and flushed then, and only the
 * newest telemetry snapshot is kept for that moment. Telemetry is throttled in
 * one place, the engine's TelemetryHub; the relay adds no second throttle.
 * Every payload is validated against the contract before it leaves.
 */
export class EventRelay {
  readonly #send: EventRelayOptions['send'];
  readonly #maxHeld: number;
  readonly #logError: (message: string, detail: unknown) => void;
  #ready = false;
  #disposed = false;
  #heldJobEvents: EventPayload<'jobs:event'>[] = [];
  #pendingSnapshot: EventPayload<'health:snapshot'> | undefined;

  constructor(options: EventRelayOptions) {
    this.#send = options.send;
    this.#maxHeld = options.maxHeldJobEvents ?? 500;
    this.#logError = options.logError ?? ((message, detail) => console.error(message, detail));
  }

  /** The page started (re)loading: hold events until it is ready again. */
  pageLoading(): void {
    this.#ready = false;
  }

  /** The page finished loading: flush what was held. */
  pageReady(): void {
    if (this.#disposed) return;
    this.#ready = true;
    const held = this.#heldJobEvents;
    this.#heldJobEvents = [];
    for (const event of held) this.#deliver('jobs:event', event);
    this.#flushSnapshot();
  }

  /** Validates and relays (or holds) one event. */
  emit<E extends EventChannel>(event: E, payload: unknown): void {
    if (this.#disposed) return;
    const parsed = IPC_EVENTS[event].safeParse(payload);
    if (!parsed.success) {
      this.#logError(
        `Dropped a ${event} event outside its contract`,
        parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      );
      return;
    }
    if (event === 'health:snapshot') {
      this.#pendingSnapshot = parsed.data as EventPayload<'health:snapshot'>;
      this.#flushSnapshot();
      return;
    }
    const jobEvent = parsed.data as EventPayload<'jobs:event'>;
    if (this.#ready) {
      this.#deliver('jobs:event', jobEvent);
      return;
    }
    this.#heldJobEvents.push(jobEvent);
    if (this.#heldJobEvents.length > this.#maxHeld) this.#heldJobEvents.shift();
  }

  /** Stops relaying and drops what is held. */
  dispose(): void {
    this.#disposed = true;
    this.#ready = false;
    this.#heldJobEvents = [];
    this.#pendingSnapshot = undefined;
  }

  #flushSnapshot(): void {
    if (!this.#ready || this.#pendingSnapshot === undefined) return;
    const snapshot = this.#pendingSnapshot;
    this.#pendingSnapshot = undefined;
    this.#deliver('health:snapshot', snapshot);
  }

  #deliver<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    try {
      this.#send(event, payload);
    } catch (error) {
      this.#logError(`Could not send ${event}`, error);
    }
  }
}

/** Feeds the engine's job and telemetry events into a relay; returns the function that stops it. */
export function relayServiceEvents(service: Pick<MotifApi, 'onJobEvent' | 'onTelemetry'>, relay: EventRelay): () => void {
  const offJobs = service.onJobEvent((event) => relay.emit('jobs:event', event));
  const offTelemetry = service.onTelemetry((snapshot) => relay.emit('health:snapshot', snapshot));
  return () => {
    offJobs();
    offTelemetry();
  };
}
