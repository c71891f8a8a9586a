import type { z } from 'zod';
import { MotifError } from '../core/errors/index.ts';

/** Dotted path of an issue, e.g. `size` or `metadata.0.name`; undefined for the root. */
function issuePath(path: readonly PropertyKey[]): string | undefined {
  if (path.length === 0) return undefined;
  return path.map((part) => String(part)).join('.');
}

/**
 * Converts the first zod issue into `invalid_request` naming the field, with a
 * message a person can act on: `n: Too big: expected number to be <=8`.
 * Unknown keys name the first unknown key.
 */
export function zodErrorToMotifError(error: z.ZodError, paramMap?: Readonly<Record<string, string>>): MotifError {
  const issue = error.issues[0];
  if (!issue) return new MotifError('invalid_request', { message: 'The request is not valid.' });
  const rename = (name: string): string => {
    const [head = '', ...rest] = name.split('.');
    const mapped = paramMap && Object.hasOwn(paramMap, head) ? paramMap[head] : undefined;
    return mapped === undefined ? name : [mapped, ...rest].join('.');
  };
  if (issue.code === 'unrecognized_keys') {
    const base = issuePath(issue.path);
    const keys = issue.keys.map((key) => (base ? `${base}.${key}` : key));
    const first = rename(keys[0] ?? 'unknown');
    const list = keys.map((key) => `"${rename(key)}"`).join(', ');
    return new MotifError('invalid_request', {
      param: first,
      message: `${first}: unknown field${keys.length > 1 ? 's' : ''} ${list}; check the spelling`,
    });
  }
  const path = issuePath(issue.path);
  const param = path === undefined ? undefined : rename(path);
  const detail = readable(issue);
  if (path === undefined || param === undefined) return new MotifError('invalid_request', { message: detail });
  // "prompt must not be empty" already names the field: keep it a sentence, under the caller's name for it.
  const message = detail.startsWith(`${path} `) ? `${param}${detail.slice(path.length)}` : `${param}: ${detail}`;
  return new MotifError('invalid_request', { param, message });
}

function readable(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return 'is required';
  return issue.message;
}
