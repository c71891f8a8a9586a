import { z } from 'zod';
import { generateInputSchema, type GenerateInput } from '../core/contract/image-request.ts';
import { STYLE_IDS } from '../core/contract/styles.ts';
import { MotifError } from '../core/errors/index.ts';
import type { RouteContext } from './route-context.ts';
import { readJsonObject } from './json-body.ts';
import { sendJsonBody } from './http-error.ts';
import { setGenerationHeaders } from './generation-headers.ts';
import { zodErrorToMotifError } from './zod-issues.ts';
import { imageUrl } from './openai-images.ts';

/**
 * Body of `POST /motif/generation/generate-from-prompt`, the call the original
 * Motif front end makes. `user_id` is accepted for compatibility and not
 * stored or logged anywhere.
 */
export const legacyGenerateBodySchema = z.strictObject({
  prompt: z.string(),
  style: z.enum(STYLE_IDS).optional(),
  user_id: z.string().max(256).optional(),
});

/** Validates a legacy body and maps it to the engine's input (one image). */
export function parseLegacyGenerateBody(body: Record<string, unknown>): GenerateInput {
  const parsed = legacyGenerateBodySchema.safeParse(body);
  if (!parsed.success) throw zodErrorToMotifError(parsed.error);
  const input: GenerateInput = { prompt: parsed.data.prompt, count: 1, ...(parsed.data.style ? { style: parsed.data.style } : {}) };
  const checked = generateInputSchema.safeParse(input);
  if (!checked.success) throw zodErrorToMotifError(checked.error);
  return input;
}

/**
 * `POST /motif/generation/generate-from-prompt`: one image; answers
 * `{ image_url, provider, model, seed, cost_usd, latency_ms, cached,
 * request_id, entry_id, warnings }`. `cost_usd` is null when the price is
 * unknown; `latency_ms` is the wall time of this request.
 */
export async function handleLegacyGenerate(ctx: RouteContext): Promise<void> {
  const started = performance.now();
  const input = parseLegacyGenerateBody(await readJsonObject(ctx.req, ctx.maxBodyBytes));
  const outcome = await ctx.service.generate(input, { signal: ctx.signal });
  const entry = outcome.entries[0];
  if (!entry) throw new MotifError('internal', { message: 'The engine finished a job without an image.' });
  setGenerationHeaders(ctx.res, outcome);
  sendJsonBody(ctx.res, 200, {
    image_url: imageUrl(ctx.baseUrl, entry.id),
    provider: entry.provider,
    model: entry.model,
    seed: entry.seed ?? null,
    cost_usd: entry.costUsd ?? null,
    latency_ms: Math.round(performance.now() - started),
    cached: outcome.cached,
    request_id: ctx.requestId,
    entry_id: entry.id,
    warnings: entry.warnings,
  });
}
