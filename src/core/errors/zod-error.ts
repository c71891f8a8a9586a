import type { z } from 'zod';
import { MotifError } from './motif-error.ts';

export interface ZodErrorOptions {
  /** What the caller calls a top-level field: a CLI flag (`size` → `--size`), an OpenAI parameter name. */
  readonly paramMap?: Readonly<Record<string, string>>;
  /** The `param` when the whole payload is wrong (not an object at all); default none. */
  readonly root?: string;
  /** Names what was being read, before the message: `Print request`, `MOTIF_CONFIG`, an IPC channel. */
  readonly subject?: string;
}

/**
 * The one zod→MotifError converter: the first issue becomes `invalid_request`
 * naming the field by its full dotted path (`providers.runware.colour`,
 * `metadata.0.name`), in words a person can act on (`n: Too big: expected
 * number to be <=8`). An unknown key is named itself, so a typo never silently
 * falls back to a default. Messages name fields, never echo values.
 */
export function zodErrorToMotifError(error: z.ZodError, options: ZodErrorOptions = {}): MotifError {
  const { paramMap, root, subject } = options;
  const finish = (param: string | undefined, message: string): MotifError =>
    new MotifError('invalid_request', { ...(param === undefined ? {} : { param }), message: subject ? `${subject}: ${message}` : message });
  const rename = (name: string): string => {
    const [head = '', ...rest] = name.split('.');
    const mapped = paramMap && Object.hasOwn(paramMap, head) ? paramMap[head] : undefined;
    return mapped === undefined ? name : [mapped, ...rest].join('.');
  };
  const issue = error.issues[0];
  if (!issue) return finish(root, 'The request is not valid.');
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
    const base = dottedPath(issue.path);
    const keys = issue.keys.map((key) => rename(base ? `${base}.${key}` : key));
    const list = keys.map((key) => `"${key}"`).join(', ');
    return finish(keys[0], `Unknown field${keys.length > 1 ? 's' : ''} ${list}.`);
  }
  const path = dottedPath(issue.path);
  const detail = readable(issue);
  if (path === undefined) return finish(root, detail);
  const param = rename(path);
  // "prompt must not be empty" already names the field: keep it a sentence, under the caller's name for it.
  return finish(param, detail.startsWith(`${path} `) ? `${param}${detail.slice(path.length)}` : `${param}: ${detail}`);
}

/** Dotted path of an issue, e.g. `size` or `metadata.0.name`; undefined for the root. */
function dottedPath(path: readonly PropertyKey[]): string | undefined {
  return path.length === 0 ? undefined : path.map(String).join('.');
}

function readable(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return 'is required';
  return issue.message;
}
