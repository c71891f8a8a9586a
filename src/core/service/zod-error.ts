import type { z } from 'zod';
import { MotifError } from '../errors/motif-error.ts';

/** Turns the first zod issue into an `invalid_request` naming the field, in words a person can act on. */
export function zodToMotifError(error: z.ZodError): MotifError {
  const issue = error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.join('.') : (issue && 'keys' in issue && Array.isArray(issue.keys) ? String(issue.keys[0]) : 'body');
  let message = issue?.message ?? 'invalid value';
  if (issue?.code === 'unrecognized_keys') message = `Unknown field "${param}".`;
  else if (issue?.code === 'invalid_type') message = `${param}: ${issue.message}`;
  else message = `${param}: ${message}`;
  return new MotifError('invalid_request', { param, message });
}
