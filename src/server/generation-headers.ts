import type { FastifyReply } from 'fastify';
import type { GenerateOutcome } from '../core/service/motif-api.ts';
import { encodeAttempts } from './attempts-header.ts';
import { clampAttempts } from './attempt-trail.ts';
import { headerToken } from './http-error.ts';

/**
 * Sets the headers every successful generation carries:
 * - `x-motif-provider`: the provider that served the job;
 * - `x-motif-attempts`: the attempt trail (format in `attempts-header.ts`), no
 *   attempt longer than this request (`requestMs`);
 * - `x-motif-fallback`: `true` when a provider other than the one asked for served;
 * - `x-motif-cached`: `true` when the exact-result cache answered;
 * - `x-motif-job-id`: the engine's job id.
 * (`x-request-id` is set for every response by the server.)
 */
export function setGenerationHeaders(reply: FastifyReply, outcome: GenerateOutcome, requestMs: number): void {
  const provider = outcome.job.provider ?? outcome.entries[0]?.provider;
  if (provider !== undefined) reply.header('x-motif-provider', headerToken(provider));
  reply.header('x-motif-attempts', encodeAttempts(clampAttempts(outcome.job.attempts, requestMs)));
  reply.header('x-motif-fallback', String(outcome.job.fallback));
  reply.header('x-motif-cached', String(outcome.cached));
  reply.header('x-motif-job-id', headerToken(outcome.job.id));
}
