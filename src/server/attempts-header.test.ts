import { describe, expect, it } from 'vitest';
import type { Attempt } from '../core/contract/history-entry.ts';
import { decodeAttempts, encodeAttempts, MAX_ENCODED_ATTEMPTS } from './attempts-header.ts';

const attempt = (over: Partial<Attempt>): Attempt => ({ provider: 'local', model: 'm', outcome: 'success', durationMs: 1, ...over });

describe('x-motif-attempts', () => {
  it('encodes provider, outcome, error code and whole milliseconds', () => {
    const header = encodeAttempts([
      attempt({ provider: 'runware', outcome: 'failure', errorCode: 'upstream_timeout', durationMs: 1203.4 }),
      attempt({ provider: 'local', durationMs: 44.6 }),
    ]);
    expect(header).toBe('runware:failure:upstream_timeout:1203ms, local:success::45ms');
    expect(decodeAttempts(header)).toEqual([
      { provider: 'runware', outcome: 'failure', errorCode: 'upstream_timeout', durationMs: 1203 },
      { provider: 'local', outcome: 'success', errorCode: undefined, durationMs: 45 },
    ]);
  });

  it('keeps provider ids header-safe and the header bounded', () => {
    expect(encodeAttempts([attempt({ provider: 'my provider:x,y' })])).toBe('my_provider_x_y:success::1ms');
    const many = Array.from({ length: MAX_ENCODED_ATTEMPTS + 3 }, () => attempt({ outcome: 'skipped', errorCode: 'circuit_open' }));
    const header = encodeAttempts(many);
    expect(header.endsWith(', +3 more')).toBe(true);
    expect(decodeAttempts(header)).toHaveLength(MAX_ENCODED_ATTEMPTS);
  });

  it('encodes an empty trail as the empty string', () => {
    expect(encodeAttempts([])).toBe('');
  });
});
