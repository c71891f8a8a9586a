import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/support/fake-clock.ts';
import { mapOpenAIHttpError, parseRetryAfter, redactKey } from './openai-error-mapper.ts';

describe('parseRetryAfter', () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 0, 0, 0));
  const headers = (h: Record<string, string>): Headers => new Headers(h);

  it.each([
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after': ' 12 ' }, 12_000],
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after-ms': '250', 'retry-after': '99' }, 250],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:45 GMT' }, 45_000],
    [{ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, 0],
    [{ 'retry-after': 'soon' }, undefined],
    [{ 'retry-after-ms': 'abc' }, undefined],
    [{}, undefined],
  ])('reads %j as %s ms', (h, expected) => {
    expect(parseRetryAfter(headers(h), clock)).toBe(expected);
  });
});

describe('redactKey', () => {
  it('removes the key, masked echoes and sk- tokens', () => {
    const key = 'sk-proj-abcdefghijklmnop';
    expect(redactKey(`key ${key} here`, key)).toBe('key [redacted] here');
    expect(redactKey('Incorrect API key provided: sk-pro****mnop. See docs.', key)).toBe(
      'Incorrect API key provided: [redacted] See docs.',
    );
    expect(redactKey('token sk-live-1234abcd in text', undefined)).toBe('token sk-[redacted] in text');
    expect(redactKey('nothing secret', key)).toBe('nothing secret');
  });
});

describe('mapOpenAIHttpError', () => {
  const clock = new FakeClock();
  it('keeps status, upstream code and a short excerpt; the retry delay only where retrying makes sense', () => {
    const body = JSON.stringify({
      error: { message: 'x'.repeat(1000), type: 'invalid_request_error', param: 'size', code: 'invalid_value' },
    });
    const error = mapOpenAIHttpError({
      provider: 'backup',
      status: 400,
      body,
      headers: new Headers({ 'retry-after': '5' }),
      clock,
      apiKey: 'k',
    });
    expect(error).toMatchObject({ code: 'upstream_invalid_request', param: 'size', provider: 'backup', retryAfterMs: undefined });
    expect(error.upstream).toMatchObject({ provider: 'backup', status: 400, upstreamCode: 'invalid_value' });
    expect(error.upstream?.bodyExcerpt?.length).toBeLessThanOrEqual(301);
    expect(error.userMessage).toBe('backup rejected a parameter: size.');
  });

  it('handles bodies that are not the OpenAI shape', () => {
    const error = mapOpenAIHttpError({
      provider: 'p',
      status: 418,
      body: '<html>teapot</html>',
      headers: new Headers(),
      clock,
      apiKey: undefined,
    });
    expect(error).toMatchObject({
      code: 'upstream_invalid_request',
      upstream: { status: 418, upstreamCode: undefined, bodyExcerpt: '<html>teapot</html>' },
    });
    expect(mapOpenAIHttpError({ provider: 'p', status: 408, body: '', headers: new Headers(), clock, apiKey: undefined }).code).toBe(
      'upstream_timeout',
    );
    expect(mapOpenAIHttpError({ provider: 'p', status: 402, body: '{}', headers: new Headers(), clock, apiKey: undefined }).code).toBe(
      'insufficient_credits',
    );
  });
});
