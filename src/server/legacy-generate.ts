import { z } from 'zod';
import { generateInputSchema, type GenerateInput } from '../core/contract/image-request.ts';
import { STYLE_IDS } from '../core/contract/styles.ts';
import { MotifError } from '../core/errors/index.ts';
import { elapsedMs, type RegisterRoutes } from './route-context.ts';
import { setGenerationHeaders } from './generation-headers.ts';
import { LAYOUT_IDS, offlineDesignReport } from '../core/contract/offline-design.ts';
import { zodErrorToMotifError } from '../core/errors/zod-error.ts';
import { imageUrl } from './openai-images.ts';

/**
 * Body of `POST /motif/generation/generate-from-prompt`, the call the original
 * Motif front end makes. `user_id` is accepted for compatibility and not
 * stored or logged anywhere.
 */
const legacyGenerateBodySchema = z.strictObject({
  prompt: z.string(),
  style: z.enum(STYLE_IDS).optional(),
  /** The offline engine's product layout (a Motif extension); other providers ignore it with a warning. */
  layout: z.enum(LAYOUT_IDS).optional(),
  user_id: z.string().max(256).optional(),
});

/** Maps a (schema-checked) legacy body to the engine's input (one image) and checks it. */
function toLegacyGenerateInput(body: z.infer<typeof legacyGenerateBodySchema>): GenerateInput {
  const input: GenerateInput = {
    prompt: body.prompt,
    count: 1,
    ...(body.style ? { style: body.style } : {}),
    ...(body.layout ? { layout: body.layout } : {}),
  };
  const checked = generateInputSchema.safeParse(input);
  if (!checked.success) throw zodErrorToMotifError(checked.error);
  return input;
}

/**
 * `POST /motif/generation/generate-from-prompt`: one image; answers
 * `{ image_url, provider, model, seed, cost_usd, latency_ms, cached,
 * fallback, request_id, entry_id, warnings, drew }` (`drew`: what the
 * offline engine drew, else null) (`fallback`: a provider other
 * than the first choice served). `cost_usd` is null when the price is
 * unknown; `latency_ms` is the wall time of this request.
 */
export const registerLegacyGenerate: RegisterRoutes = (app, service) => {
  app.post(
    '/motif/generation/generate-from-prompt',
    {
      schema: { body: legacyGenerateBodySchema },
      config: { auth: true, generation: true },
    },
    async (request, reply) => {
      const input = toLegacyGenerateInput(request.body);
      const outcome = await service.generate(input, { signal: request.motif.signal });
      const entry = outcome.entries[0];
      if (!entry) throw new MotifError('internal', { message: 'The engine finished a job without an image.' });
      setGenerationHeaders(reply, outcome, elapsedMs(request));
      return {
        image_url: imageUrl(request.motif.baseUrl, entry.id),
        provider: entry.provider,
        model: entry.model,
        seed: entry.seed ?? null,
        cost_usd: entry.costUsd ?? null,
        latency_ms: Math.round(performance.now() - request.motif.startedMs),
        cached: outcome.cached,
        fallback: outcome.job.fallback,
        request_id: request.motif.requestId,
        entry_id: entry.id,
        warnings: entry.warnings,
        drew: offlineDesignReport(entry.providerMetadata) ?? null,
      };
    },
  );
};
