import type { ServerResponse } from 'node:http';
import type { GenerateOutcome } from '../core/service/motif-api.ts';
import { encodeAttempts } from './attempts-header.ts';
import { headerToken } from './http-error.ts';

/**
 * Sets the headers every successful generation carries:
 * - `x-motif-provider`: the provider that served the job;
 * - `x-motif-attempts`: the attempt trail (format in `attempts-header.ts`);
 * - `x-motif-fallback`: `true` when a provider other than the one asked for served;
 * - `x-motif-cached`: `true` when the exact-result cache answered;
 * - `x-motif-job-id`: the engine's job id.
 * (`x-request-id` is set for every response by the server.)
 */
export function setGenerationHeaders(res: ServerResponse, outcome: GenerateOutcome): void {
  const provider = outcome.job.provider ?? outcome.entries[0]?.provider;
  if (provider !== undefined) res.setHeader('x-motif-provider', headerToken(provider));
  res.setHeader('x-motif-attempts', encodeAttempts(outcome.job.attempts));
  res.setHeader('x-motif-fallback', String(outcome.job.fallback));
  res.setHeader('x-motif-cached', String(outcome.cached));
  res.setHeader('x-motif-job-id', headerToken(outcome.job.id));
}
