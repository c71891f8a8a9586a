import { MotifError, toMotifError } from '../errors/motif-error.ts';
import type { Attempt } from '../contract/history-entry.ts';
import type { Clock } from '../util/clock.ts';
import type { AttemptImages, Candidate, RouteJob } from './router.ts';

type AttemptResult = { candidate: Candidate } & AttemptImages;

export interface HedgeDeps {
  readonly clock: Clock;
  readonly attempt: (
    candidate: Candidate,
    job: RouteJob,
    signal: AbortSignal,
    attempts: Attempt[],
    isHedgeLoser: () => boolean,
  ) => Promise<AttemptResult>;
  readonly onHedgeStarted: () => void;
  readonly onHedgeSettled: (candidate: Candidate, won: boolean) => void;
}

/**
 * Runs the primary; if it is still unanswered after `delayMs` (its observed
 * p90), starts the secondary too. The first success wins and the other call is
 * aborted and recorded as `hedge-lost`. When both fail, the later error is thrown
 * so the router falls back as usual.
 */
export function runHedged(
  primary: Candidate,
  secondary: Candidate,
  delayMs: number | null,
  job: RouteJob,
  attempts: Attempt[],
  deps: HedgeDeps,
): Promise<AttemptResult> {
  return new Promise<AttemptResult>((resolve, reject) => {
    const controllers = [new AbortController(), new AbortController()] as const;
    const losers = [false, false];
    let settled = false;
    let running = 0;
    let hedgeTimer: unknown;
    let lastError: unknown;

    const abortAll = (): void => {
      for (const controller of controllers) controller.abort(job.signal.reason);
    };
    // An abort listener added to an already-aborted signal never fires: the calls would run unstoppable.
    if (job.signal.aborted) {
      reject(job.signal.reason);
      return;
    }
    job.signal.addEventListener('abort', abortAll, { once: true });

    const finish = (outcome: { result: AttemptResult } | { error: unknown }): void => {
      if (settled) return;
      settled = true;
      deps.clock.clearTimeout(hedgeTimer);
      job.signal.removeEventListener('abort', abortAll);
      if ('result' in outcome) resolve(outcome.result);
      else reject(outcome.error);
    };

    const start = (index: 0 | 1, candidate: Candidate): void => {
      running += 1;
      deps
        .attempt(candidate, job, controllers[index].signal, attempts, () => losers[index]!)
        .then((result) => {
          const other = index === 0 ? 1 : 0;
          if (hedgeStarted) {
            losers[other] = true;
            controllers[other].abort(new MotifError('cancelled', { message: 'Another provider answered first (hedge).' }));
            deps.onHedgeSettled(secondary, index === 1);
          }
          finish({ result });
        })
        .catch((error: unknown) => {
          lastError = toMotifError(error);
          running -= 1;
          // With nothing left running (including a primary that failed before the hedge was due), the router falls back.
          if (running === 0) finish({ error: lastError });
        });
    };

    let hedgeStarted = false;
    start(0, primary);
    if (delayMs !== null) {
      hedgeTimer = deps.clock.setTimeout(() => {
        if (settled || job.signal.aborted) return;
        hedgeStarted = true;
        deps.onHedgeStarted();
        job.onNotice?.(`${primary.provider.label} is slower than usual; also asking ${secondary.provider.label}.`);
        start(1, secondary);
      }, delayMs);
    }
  });
}
