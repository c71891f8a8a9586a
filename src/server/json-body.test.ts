import { describe, expect, it } from 'vitest';
import { MotifError } from '../core/errors/index.ts';
import Fastify from 'fastify';
import { assertJsonContentType, parseJsonObject, type FrameworkJsonParser } from './json-body.ts';

/** The same framework parser the server uses (secure-json-parse, refusing poisoning keys). */
const frameworkParser = Fastify().getDefaultJsonParser('error', 'error') as FrameworkJsonParser;
const parse = (text: string): unknown => parseJsonObject(Buffer.from(text), frameworkParser);
const failure = (run: () => unknown): MotifError => {
  try {
    run();
  } catch (error) {
    if (error instanceof MotifError) return error;
    throw error;
  }
  throw new Error('expected a MotifError');
};

describe('parseJsonObject', () => {
  it('parses a plain object', () => {
    expect(parse('{"prompt":"a","n":2}')).toEqual({ prompt: 'a', n: 2 });
  });

  it.each([
    ['{"__proto__":{"polluted":1}}', '__proto__'],
    ['{"a":{"constructor":{"prototype":{}}}}', 'a.constructor'],
    ['{"a":[{"b":1},{"prototype":2}]}', 'a.1.prototype'],
  ])('rejects forbidden keys in %s and names the path', (text, param) => {
    const error = failure(() => parse(text));
    expect(error.code).toBe('invalid_request');
    expect(error.param).toBe(param);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(['', 'not json', '[1,2]', 'null', '"text"', '{"a":1'])('rejects %j', (text) => {
    expect(failure(() => parse(text)).code).toBe('invalid_request');
  });

  it('rejects invalid UTF-8 and deep nesting', () => {
    expect(failure(() => parseJsonObject(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), frameworkParser)).message).toMatch(
      /UTF-8/,
    );
    expect(failure(() => parse(`{"a":${'['.repeat(40)}${']'.repeat(40)}}`)).message).toMatch(/nested/);
  });
});

describe('assertJsonContentType', () => {
  it('accepts application/json with or without a UTF-8 charset', () => {
    expect(() => assertJsonContentType('application/json')).not.toThrow();
    expect(() => assertJsonContentType('Application/JSON; charset=UTF-8')).not.toThrow();
  });

  it.each([undefined, 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'])('rejects %s', (header) => {
    expect(failure(() => assertJsonContentType(header)).param).toBe('Content-Type');
  });
});
