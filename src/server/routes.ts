import type { Route, RouteContext } from './route-context.ts';
import { sendJsonBody } from './http-error.ts';
import { handleOpenAiImages, OPENAI_PARAM_MAP } from './openai-images.ts';
import { handleLegacyGenerate } from './legacy-generate.ts';
import { handleMetrics } from './metrics-view.ts';
import { handleImage, handleThumbnail } from './image-routes.ts';

/** `GET /healthz`: liveness, no auth. */
async function handleHealth(ctx: RouteContext): Promise<void> {
  sendJsonBody(ctx.res, 200, { ok: true });
}

/** `GET /v1/models`: the model aliases and `provider/model` ids a request may name, OpenAI-shaped. */
async function handleModels(ctx: RouteContext): Promise<void> {
  const { models } = ctx.service.getSettings();
  sendJsonBody(ctx.res, 200, {
    object: 'list',
    data: models.map((model) => ({ id: model.id, object: 'model', created: 0, owned_by: 'motif', label: model.label })),
  });
}

/** Every route the local API serves. */
export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/healthz', handler: handleHealth, auth: false, generation: false },
  { method: 'POST', path: '/v1/images/generations', handler: handleOpenAiImages, auth: true, generation: true, paramMap: OPENAI_PARAM_MAP },
  { method: 'GET', path: '/v1/models', handler: handleModels, auth: true, generation: false },
  { method: 'POST', path: '/motif/generation/generate-from-prompt', handler: handleLegacyGenerate, auth: true, generation: true },
  { method: 'GET', path: '/motif/services/metrics', handler: handleMetrics, auth: true, generation: false },
  { method: 'GET', path: '/images/:id', handler: handleImage, auth: true, generation: false },
  { method: 'GET', path: '/images/:id/thumbnail', handler: handleThumbnail, auth: true, generation: false },
];
