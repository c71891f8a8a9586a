import { MotifError } from '../core/errors/index.ts';
import type { ModelSearchQuery } from '../core/contract/model-catalogue.ts';
import type { RegisterRoutes } from './route-context.ts';

/** Query parameters the route accepts; anything else is refused, so a typo is not a silent "everything". */
const PARAMS = new Set(['q', 'category', 'arch', 'tag', 'limit', 'offset']);

/** Reads `?q=&category=&arch=&tag=&limit=&offset=` into a catalogue query; the engine validates the values. */
function searchQuery(raw: unknown): ModelSearchQuery {
  const params = (raw ?? {}) as Record<string, string | string[] | undefined>;
  for (const name of Object.keys(params)) {
    if (!PARAMS.has(name)) throw new MotifError('invalid_request', { param: name, message: `${name}: unknown query parameter` });
  }
  const one = (name: string): string | undefined => {
    const value = params[name];
    if (Array.isArray(value)) throw new MotifError('invalid_request', { param: name, message: `${name}: give it once` });
    return value;
  };
  const count = (name: string): number | undefined => {
    const value = one(name);
    if (value === undefined) return undefined;
    if (!/^\d{1,6}$/.test(value)) throw new MotifError('invalid_request', { param: name, message: `${name}: a whole number` });
    return Number(value);
  };
  const tags = params.tag === undefined ? undefined : ([] as string[]).concat(params.tag);
  const query: Record<string, unknown> = {
    search: one('q'),
    category: one('category'),
    architecture: one('arch'),
    tags,
    limit: count('limit'),
    offset: count('offset'),
  };
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as ModelSearchQuery;
}

/** `GET /motif/models?q=…`: one page of the model catalogue (offline: the built-in and pinned models, with `offline` saying why). */
export const registerModelRoutes: RegisterRoutes = (app, service) => {
  app.get('/motif/models', { config: { auth: true } }, async (request) => service.searchModels(searchQuery(request.query)));
};
