import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../errors/index.ts';
import { mapHttpStatus, mapRunwareError, parseRetryAfter } from './runware-error-mapper.ts';

const provider = 'runware';

describe('mapRunwareError', () => {
  it.each([
    ['invalidApiKey', 'auth_failed'],
    ['missingApiKey', 'key_missing'],
    ['insufficientCredits', 'insufficient_credits'],
    ['timeoutProvider', 'upstream_timeout'],
    ['invalidWidth', 'upstream_invalid_request'],
    ['invalidPositivePromptLength', 'upstream_invalid_request'],
    ['missingPositivePrompt', 'upstream_invalid_request'],
    ['unsupportedTaskType', 'upstream_invalid_request'],
    ['unknownParameter', 'upstream_invalid_request'],
    ['rateLimitExceeded', 'rate_limited'],
    ['somethingNew', 'upstream_unavailable'],
  ] as const)('maps %s over WebSocket to %s', (code, expected) => {
    const error = mapRunwareError({ code, message: 'm' }, { provider });
    expect(error.code).toBe(expected);
    expect(error.provider).toBe(provider);
    expect(error.upstream).toMatchObject({ provider, upstreamCode: code });
  });

  it('keeps auth_failed non-retryable and timeoutProvider retryable', () => {
    expect(mapRunwareError({ code: 'invalidApiKey' }, { provider }).spec.retryable).toBe(false);
    expect(mapRunwareError({ code: 'timeoutProvider' }, { provider }).spec.retryable).toBe(true);
    expect(mapRunwareError({ code: 'invalidApiKey' }, { provider }).userMessage).toContain('Check your key');
  });

  it('names the parameter, joining arrays', () => {
    expect(mapRunwareError({ code: 'invalidWidth', parameter: 'width' }, { provider }).param).toBe('width');
    expect(mapRunwareError({ code: 'invalidDimensions', parameter: ['width', 'height'] }, { provider }).param).toBe('width, height');
    expect(mapRunwareError({ code: 'invalidSomething' }, { provider }).param).toBe('invalidSomething');
  });

  it.each([
    [401, 'whatever', 'auth_failed'],
    [402, 'whatever', 'insufficient_credits'],
    [403, 'whatever', 'permission_denied'],
    [429, 'whatever', 'rate_limited'],
    [429, 'invalidQueue', 'rate_limited'],
    [500, 'whatever', 'upstream_unavailable'],
    [503, 'whatever', 'upstream_unavailable'],
    [504, 'whatever', 'upstream_timeout'],
    [400, 'invalidSteps', 'upstream_invalid_request'],
    [400, 'whatever', 'upstream_invalid_request'],
    [402, 'insufficientCredits', 'insufficient_credits'],
  ] as const)('maps HTTP %i with %s to %s', (status, code, expected) => {
    const error = mapRunwareError({ code }, { provider, status, body: '{"errors":[]}', retryAfterMs: 2_000 });
    expect(error.code).toBe(expected);
    expect(error.upstream).toMatchObject({ provider, status, upstreamCode: code, bodyExcerpt: '{"errors":[]}' });
    expect(error.retryAfterMs).toBe(2_000);
  });

  it('only uses registered error codes', () => {
    for (const code of ['invalidApiKey', 'x', 'timeoutProvider'])
      expect(Object.keys(ERROR_CODES)).toContain(mapRunwareError({ code }, { provider }).code);
  });
});

describe('mapHttpStatus', () => {
  it('maps a body-less failure by status and keeps an excerpt', () => {
    const error = mapHttpStatus({ provider, status: 503, body: 'x'.repeat(1_000) });
    expect(error.code).toBe('upstream_unavailable');
    expect(error.upstream?.bodyExcerpt?.length).toBeLessThanOrEqual(301);
    expect(mapHttpStatus({ provider, status: 418 }).code).toBe('upstream_invalid_request');
    expect(mapHttpStatus({ provider, status: 599 }).code).toBe('upstream_unavailable');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1);
  it('reads seconds and HTTP dates, never negative', () => {
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter(new Date(now + 10_000).toUTCString(), now)).toBe(10_000);
    expect(parseRetryAfter(new Date(now - 10_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(['7'], now)).toBe(7_000);
  });
});
