import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { developmentCsp, PRODUCTION_CSP, withContentSecurityPolicy } from './content-security-policy.ts';

const directives = (policy: string): Map<string, string[]> =>
  new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name = '', ...sources]) => [name, sources]),
  );

describe('PRODUCTION_CSP', () => {
  const policy = directives(PRODUCTION_CSP);

  it('denies by default and allows scripts and styles only from the app itself', () => {
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
  });

  it('has no inline, eval or remote source anywhere', () => {
    expect(PRODUCTION_CSP).not.toMatch(/unsafe-|https?:|\*|wss?:/);
  });

  it('lets <img> load library media from the motif-media scheme', () => {
    expect(policy.get('img-src')).toContain('motif-media:');
  });

  it("is the policy the renderer's index.html declares (the built page is a file, where only the <meta> applies)", () => {
    const html = readFileSync(join(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(meta?.[1]).toBe(PRODUCTION_CSP);
  });
});

describe('developmentCsp', () => {
  it('adds only what the dev server needs', () => {
    const policy = directives(developmentCsp('http://localhost:5173'));
    expect(policy.get('script-src')).toEqual(["'self'", "'unsafe-inline'", 'http://localhost:5173']);
    expect(policy.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
    expect(policy.get('default-src')).toEqual(["'none'"]);
  });
});

describe('withContentSecurityPolicy', () => {
  it('replaces any policy the response brought, whatever its case', () => {
    const headers = withContentSecurityPolicy(
      { 'content-security-policy': ['default-src *'], 'Content-Security-Policy-Report-Only': 'x', 'Content-Type': ['text/html'] },
      PRODUCTION_CSP,
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [PRODUCTION_CSP],
      'X-Content-Type-Options': ['nosniff'],
    });
  });

  it('works on a response without headers', () => {
    expect(withContentSecurityPolicy(undefined, PRODUCTION_CSP)['Content-Security-Policy']).toEqual([PRODUCTION_CSP]);
  });
});
