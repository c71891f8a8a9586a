import type { z } from 'zod';
import { MotifError } from '../errors/motif-error.ts';

/** Turns the first zod issue into an `invalid_request` naming the field, in words a person can act on. */
export function zodToMotifError(error: z.ZodError): MotifError {
  const issue = error.issues[0];
  const path = issue ? issue.path.map(String) : [];
  // An unknown key is named by its full path (`providers.runware.colour`), not by the object that holds it.
  const unknownKey = issue?.code === 'unrecognized_keys' && issue.keys.length > 0 ? String(issue.keys[0]) : undefined;
  const param = [...path, ...(unknownKey === undefined ? [] : [unknownKey])].join('.') || 'body';
  let message = issue?.message ?? 'invalid value';
  if (unknownKey !== undefined) message = `Unknown field "${param}".`;
  else message = `${param}: ${message}`;
  return new MotifError('invalid_request', { param, message });
}
