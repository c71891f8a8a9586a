import type { RegisterRoutes } from './route-context.ts';
import { registerOpenAiImages } from './openai-images.ts';
import { registerLegacyGenerate } from './legacy-generate.ts';
import { registerMetrics } from './metrics-view.ts';
import { registerImageRoutes } from './image-routes.ts';
import { registerPrintRoutes } from './print-routes.ts';
import { registerToolRoutes } from './tool-routes.ts';
import { registerModelRoutes } from './model-routes.ts';

/** `GET /healthz` (liveness, no auth) and `GET /v1/models` (the model ids a request may name, OpenAI-shaped). */
const registerBasics: RegisterRoutes = (app, service) => {
  app.get('/healthz', { config: { auth: false } }, async () => ({ ok: true }));
  app.get('/v1/models', { config: { auth: true } }, async () => ({
    object: 'list',
    data: service
      .getSettings()
      .models.map((model) => ({ id: model.id, object: 'model', created: 0, owned_by: 'motif', label: model.label })),
  }));
};

/** Every group of routes the local API serves; a new route module adds one line here. */
export const ROUTE_GROUPS: readonly RegisterRoutes[] = [
  registerBasics,
  registerOpenAiImages,
  registerLegacyGenerate,
  registerMetrics,
  registerImageRoutes,
  registerPrintRoutes,
  registerToolRoutes,
  registerModelRoutes,
];
