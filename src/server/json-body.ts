import type { FastifyBodyParser, FastifyRequest } from 'fastify';
import { MotifError } from '../core/errors/index.ts';

/** Default cap on a request body: generation requests are a few hundred bytes. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * Keys refused anywhere in a JSON body. The framework's parser (secure-json-parse)
 * already refuses `__proto__` and `constructor.prototype`; Motif also refuses a
 * bare `constructor` or `prototype`, so nothing downstream can be tricked by a
 * spread, and names the key's path in the error.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

/** Fastify's own JSON parser (`app.getDefaultJsonParser('error', 'error')`), called with a callback. */
export type FrameworkJsonParser = (request: FastifyRequest, body: string, done: (error: Error | null, value?: unknown) => void) => void;

/**
 * The `application/json` body parser of the local API. Fastify reads the body
 * (with its length limit) and parses it with its prototype-poisoning
 * protection; this wrapper adds what the API promises on top: a UTF-8 charset
 * only, strict UTF-8, a JSON object at the top, nesting of at most 32 levels,
 * and a MotifError that names the offending key.
 */
export function jsonObjectParser(frameworkParser: FrameworkJsonParser): FastifyBodyParser<Buffer> {
  return (request, raw, done) => {
    try {
      assertJsonContentType(request.headers['content-type']);
      done(null, parseJsonObject(raw, frameworkParser));
    } catch (error) {
      done(error as Error, undefined);
    }
  };
}

/** Checks `Content-Type: application/json` (charset, when given, must be UTF-8). */
export function assertJsonContentType(header: string | undefined): void {
  const [mediaType = '', ...params] = (header ?? '').split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') throw contentTypeError(header);
  for (const param of params) {
    const [name, value] = param.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (name === 'charset' && value !== 'utf-8' && value !== 'utf8') {
      throw new MotifError('invalid_request', { param: 'Content-Type', message: 'JSON bodies must be UTF-8' });
    }
  }
}

/** The error for a body whose media type is not JSON. */
export function contentTypeError(header: string | undefined): MotifError {
  return new MotifError('invalid_request', {
    param: 'Content-Type',
    message: header ? `Content-Type must be application/json, not ${header.slice(0, 80)}` : 'Content-Type must be application/json',
  });
}

/** Parses UTF-8 JSON that must be an object, rejecting forbidden keys and deep nesting. */
export function parseJsonObject(raw: Uint8Array, frameworkParser: FrameworkJsonParser): Record<string, unknown> {
  if (raw.length === 0) throw new MotifError('invalid_request', { message: 'The request body is empty; send a JSON object.' });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(raw);
  } catch {
    throw new MotifError('invalid_request', { message: 'The request body is not valid UTF-8.' });
  }
  let value: unknown;
  let refused: unknown;
  frameworkParser(undefined as unknown as FastifyRequest, text, (error, parsed) => {
    refused = error;
    value = parsed;
  });
  if (refused) throw explainRefusal(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MotifError('invalid_request', { message: 'The request body must be a JSON object.' });
  }
  assertSafeKeys(value);
  return value as Record<string, unknown>;
}

/**
 * The framework refused the text: either it is not JSON, or it is JSON with a
 * poisoning key. Plain `JSON.parse` tells the two apart (it defines
 * `__proto__` as an own property, so it cannot pollute) and the key walk names
 * the offending key.
 */
function explainRefusal(text: string): MotifError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message.slice(0, 120)}` : '';
    return new MotifError('invalid_request', { message: `The request body is not valid JSON${detail}` });
  }
  if (typeof value === 'object' && value !== null) {
    try {
      assertSafeKeys(value);
    } catch (error) {
      if (error instanceof MotifError) return error;
    }
  }
  return new MotifError('invalid_request', { message: 'The request body contains a key that is not allowed.' });
}

/** Walks the parsed value without recursion; throws on a forbidden key or nesting deeper than MAX_DEPTH. */
function assertSafeKeys(root: object): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 1 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_DEPTH) {
      throw new MotifError('invalid_request', {
        param: path || undefined,
        message: `The JSON body is nested deeper than ${MAX_DEPTH} levels.`,
      });
    }
    for (const key of Object.keys(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) {
        throw new MotifError('invalid_request', { param: childPath, message: `${childPath}: the key "${key}" is not allowed` });
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: childPath, depth: depth + 1 });
    }
  }
}
