import { describe, expect, it } from 'vitest';
import { MotifError } from '../errors/motif-error.ts';
import { Catalogue, makeTarget, targetId, type ModelRoute } from './catalogue.ts';

const routes: ModelRoute[] = [
  {
    alias: 'default',
    label: 'Best available',
    strategy: 'priority',
    targets: [makeTarget('runware', 'runware:100@1'), makeTarget('local', 'procedural-v1', { priority: 1000, lastResort: true })],
  },
  { alias: 'flux-dev', label: 'FLUX.1 dev', strategy: 'priority', targets: [makeTarget('runware', 'runware:101@1')] },
];
const known = new Set(['runware', 'openai', 'local']);

function caught(fn: () => unknown): MotifError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MotifError) return error;
    throw error;
  }
  throw new Error('expected a MotifError');
}

describe('Catalogue', () => {
  it('resolves an alias to its route', () => {
    const catalogue = new Catalogue(routes);
    expect(catalogue.resolve('flux-dev', known)).toBe(routes[1]);
    expect(catalogue.resolve('default', known).targets.map(targetId)).toEqual(['runware/runware:100@1', 'local/procedural-v1']);
    expect(catalogue.routes().map((r) => r.alias)).toEqual(['default', 'flux-dev']);
  });

  it('accepts provider/model directly for a known provider, keeping the rest of the id intact', () => {
    const route = new Catalogue(routes).resolve('runware/civitai:4201@130090', known);
    expect(route).toMatchObject({ alias: 'runware/civitai:4201@130090', strategy: 'priority' });
    expect(route.targets).toEqual([makeTarget('runware', 'civitai:4201@130090')]);
    expect(new Catalogue(routes).resolve('openai/org/model', known).targets[0]).toMatchObject({ provider: 'openai', model: 'org/model' });
  });

  it('rejects an unknown model as a bad request naming the model field and the choices', () => {
    for (const model of ['flux-pro', 'nobody/nothing', 'runware/', '/model', 'openai']) {
      const error = caught(() => new Catalogue(routes).resolve(model, known));
      expect(error).toMatchObject({ code: 'invalid_request', param: 'model' });
      expect(error.message).toContain(`"${model}"`);
      expect(error.message).toMatch(/default, flux-dev, or provider\/model/);
      expect(error.userMessage).toBe('The request is not valid: model.');
    }
  });

  it('lets a later route with the same alias replace an earlier one', () => {
    const custom: ModelRoute = { alias: 'default', label: 'Mine', strategy: 'cost', targets: [makeTarget('openai', 'dall-e-3')] };
    expect(new Catalogue([...routes, custom]).resolve('default', known)).toBe(custom);
  });
});

describe('makeTarget', () => {
  it('fills neutral defaults: priority 0, weight 1, provider price, no overrides, not a last resort', () => {
    expect(makeTarget('a', 'b')).toEqual({
      provider: 'a',
      model: 'b',
      priority: 0,
      weight: 1,
      pricePerImageUsd: undefined,
      capabilities: undefined,
      lastResort: false,
    });
  });
});
