import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { z as zod } from 'zod';
import { generateInputSchema } from '../contract/image-request.ts';
import { settingsPatchSchema } from '../settings/settings-schema.ts';
import { zodErrorToMotifError, type ZodErrorOptions } from './zod-error.ts';

function errorFor(schema: z.ZodType, input: unknown, options: ZodErrorOptions = { root: 'body' }) {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error('expected the input to be rejected');
  return zodErrorToMotifError(parsed.error, options);
}

describe('zodErrorToMotifError', () => {
  it('names the field of a wrong type, as a bad request', () => {
    const error = errorFor(generateInputSchema, { prompt: 42 });
    expect(error).toMatchObject({ code: 'invalid_request', param: 'prompt' });
    expect(error.message).toMatch(/^prompt: .*expected string/);
    expect(error.userMessage).toBe('The request is not valid: prompt.');
  });

  it('keeps the schema’s own words for a value out of range', () => {
    expect(errorFor(generateInputSchema, { prompt: '   ' })).toMatchObject({
      param: 'prompt',
      message: 'prompt must not be empty',
    });
    expect(errorFor(generateInputSchema, { prompt: 'ok', count: 1.5 })).toMatchObject({
      param: 'count',
      message: 'count must be a whole number',
    });
    expect(errorFor(generateInputSchema, { prompt: 'ok', size: 'huge' })).toMatchObject({
      param: 'size',
      message: 'size must look like 1024x1024',
    });
  });

  it('names an unknown top-level field, so a typo never silently falls back to a default', () => {
    expect(errorFor(generateInputSchema, { prompt: 'ok', stlye: 'party' })).toMatchObject({
      param: 'stlye',
      message: 'Unknown field "stlye".',
    });
  });

  it('names an unknown nested field by its full path', () => {
    expect(errorFor(settingsPatchSchema, { providers: { runware: { colour: 'red' } } })).toMatchObject({
      param: 'providers.runware.colour',
      message: 'Unknown field "providers.runware.colour".',
    });
  });

  it('names list items by index', () => {
    expect(errorFor(settingsPatchSchema, { providerOrder: ['runware', ''] })).toMatchObject({ param: 'providerOrder.1' });
  });

  it('calls the whole payload "body" when it is not an object at all', () => {
    for (const input of [null, 'prompt', 7, []])
      expect(errorFor(generateInputSchema, input)).toMatchObject({ code: 'invalid_request', param: 'body' });
  });

  it('says "is required" for a missing field', () => {
    expect(errorFor(generateInputSchema, {})).toMatchObject({ param: 'prompt', message: 'prompt: is required' });
  });

  it('names fields as the caller knows them (CLI flags, OpenAI parameters), nested paths included', () => {
    const options = { paramMap: { size: '--size', providers: 'provider' } };
    expect(errorFor(generateInputSchema, { prompt: 'ok', size: 'huge' }, options)).toMatchObject({
      param: '--size',
      message: '--size must look like 1024x1024',
    });
    expect(errorFor(settingsPatchSchema, { providers: { runware: { colour: 'red' } } }, options)).toMatchObject({
      param: 'provider.runware.colour',
    });
  });

  it('lists every unknown field, naming the first as the param', () => {
    const error = errorFor(generateInputSchema, { prompt: 'ok', colour: 'red', stlye: 'x' });
    expect(error).toMatchObject({ param: 'colour', message: 'Unknown fields "colour", "stlye".' });
  });

  it('puts the subject first and leaves param unset for a wrong root unless given one', () => {
    const error = errorFor(zod.object({ a: zod.string() }), 7, { subject: 'Print request' });
    expect(error.param).toBeUndefined();
    expect(error.message).toMatch(/^Print request: .*expected object/);
  });
});
