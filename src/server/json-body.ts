import type { IncomingMessage } from 'node:http';
import { MotifError } from '../core/errors/index.ts';

/** Default cap on a request body: generation requests are a few hundred bytes. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Keys rejected anywhere in a JSON body, so nothing downstream can be tricked into prototype pollution. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

/**
 * Reads a JSON request body and returns it as a plain object. Rejects, with a
 * MotifError naming the problem, a wrong content type, a body over `maxBytes`
 * (`payload_too_large`: reading stops at the limit), invalid UTF-8 or JSON, a
 * non-object top level, nesting deeper than 32 levels, and the keys
 * `__proto__`, `constructor` and `prototype` at any depth.
 */
export async function readJsonObject(req: IncomingMessage, maxBytes: number): Promise<Record<string, unknown>> {
  assertJsonContentType(req.headers['content-type']);
  const raw = await readBody(req, maxBytes);
  return parseJsonObject(raw);
}

/** Checks `Content-Type: application/json` (charset, when given, must be UTF-8). */
export function assertJsonContentType(header: string | undefined): void {
  const [mediaType = '', ...params] = (header ?? '').split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') {
    throw new MotifError('invalid_request', {
      param: 'Content-Type',
      message: header ? `Content-Type must be application/json, not ${header.slice(0, 80)}` : 'Content-Type must be application/json',
    });
  }
  for (const param of params) {
    const [name, value] = param.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (name === 'charset' && value !== 'utf-8' && value !== 'utf8') {
      throw new MotifError('invalid_request', { param: 'Content-Type', message: 'JSON bodies must be UTF-8' });
    }
  }
}

/** Buffers the body up to `maxBytes`; beyond that it stops collecting and rejects with `payload_too_large`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = (): MotifError =>
    new MotifError('payload_too_large', { message: `The request body is larger than ${maxBytes} bytes.` });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error: MotifError | undefined): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        finish(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(undefined);
    const onError = (): void => finish(new MotifError('cancelled', { message: 'The client stopped sending the request.' }));
    const onClose = (): void => {
      if (!req.complete) onError();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** Parses UTF-8 JSON that must be an object, rejecting forbidden keys and deep nesting. */
export function parseJsonObject(raw: Uint8Array): Record<string, unknown> {
  if (raw.length === 0) throw new MotifError('invalid_request', { message: 'The request body is empty; send a JSON object.' });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(raw);
  } catch {
    throw new MotifError('invalid_request', { message: 'The request body is not valid UTF-8.' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message.slice(0, 120)}` : '';
    throw new MotifError('invalid_request', { message: `The request body is not valid JSON${detail}` });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MotifError('invalid_request', { message: 'The request body must be a JSON object.' });
  }
  assertSafeKeys(value);
  return value as Record<string, unknown>;
}

/** Walks the parsed value without recursion; throws on a forbidden key or nesting deeper than MAX_DEPTH. */
function assertSafeKeys(root: object): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 1 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_DEPTH) {
      throw new MotifError('invalid_request', { param: path || undefined, message: `The JSON body is nested deeper than ${MAX_DEPTH} levels.` });
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
