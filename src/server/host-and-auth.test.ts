import { describe, expect, it } from 'vitest';
import { bearerMatches } from './bearer-auth.ts';
import { baseUrlFor, hostAllowed, isLoopbackAddress } from './host-check.ts';

describe('bearerMatches', () => {
  it('accepts only the exact bearer token', () => {
    expect(bearerMatches('Bearer tok', 'tok')).toBe(true);
    expect(bearerMatches('bearer tok', 'tok')).toBe(true);
    expect(bearerMatches('Bearer tok2', 'tok')).toBe(false);
    expect(bearerMatches('Bearer ', 'tok')).toBe(false);
    expect(bearerMatches('tok', 'tok')).toBe(false);
    expect(bearerMatches(undefined, 'tok')).toBe(false);
  });
});

describe('host checks', () => {
  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) expect(isLoopbackAddress(host)).toBe(true);
    for (const host of ['0.0.0.0', '192.168.1.2', 'example.com', '::']) expect(isLoopbackAddress(host)).toBe(false);
  });

  it('only answers loopback Host headers when bound to loopback', () => {
    expect(hostAllowed('127.0.0.1:8000', true)).toBe(true);
    expect(hostAllowed('localhost', true)).toBe(true);
    expect(hostAllowed('[::1]:8000', true)).toBe(true);
    expect(hostAllowed(undefined, true)).toBe(true);
    expect(hostAllowed('attacker.example:8000', true)).toBe(false);
    expect(hostAllowed('attacker.example:8000', false)).toBe(true);
    expect(hostAllowed('bad host/x', false)).toBe(false);
  });

  it('builds image URLs from a well-formed Host only', () => {
    expect(baseUrlFor('localhost:9', 'http://127.0.0.1:9')).toBe('http://localhost:9');
    expect(baseUrlFor('a b', 'http://127.0.0.1:9')).toBe('http://127.0.0.1:9');
    expect(baseUrlFor(undefined, 'http://127.0.0.1:9')).toBe('http://127.0.0.1:9');
  });
});
