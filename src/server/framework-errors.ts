import { z } from 'zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { MotifError } from '../core/errors/index.ts';
import { contentTypeError } from './json-body.ts';
import { zodErrorToMotifError } from '../core/errors/zod-error.ts';

/**
 * Translates what Fastify throws on its own (body too large, wrong media type,
 * schema validation by the zod type provider, …) into the MotifError the API
 * documents, so every failure renders the same way. Anything else passes through.
 */
export function fromFrameworkError(error: unknown, contentType: string | undefined): unknown {
  if (error instanceof MotifError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((entry) => ({
      ...(entry.params as Record<string, unknown>),
      code: entry.keyword,
      message: entry.message,
      path: entry.instancePath.split('/').filter((part) => part !== ''),
    }));
    return zodErrorToMotifError(new z.ZodError(issues as z.core.$ZodIssue[]));
  }
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new MotifError('payload_too_large', { message: 'The request body is larger than the server accepts.' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return contentTypeError(contentType);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new MotifError('invalid_request', { message: 'The request body is empty; send a JSON object.' });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new MotifError('invalid_request', { param: 'Content-Length', message: 'The request body does not match its Content-Length.' });
    default:
      return error;
  }
}
