import { describe, expect, it } from 'vitest';
import { MotifError } from '../core/errors/index.ts';
import type { Attempt } from '../core/contract/history-entry.ts';
import { keyHints } from './key-hints.ts';

const attempt = (provider: string, outcome: Attempt['outcome'], errorCode?: Attempt['errorCode']): Attempt => ({
  provider,
  model: 'm',
  outcome,
  durationMs: 1,
  ...(errorCode ? { errorCode } : {}),
});

describe('keyHints', () => {
  it('names the variable of each provider that rejected its key, once', () => {
    expect(
      keyHints([
        attempt('openai', 'skipped', 'key_missing'),
        attempt('runware', 'failure', 'auth_failed'),
        attempt('runware', 'failure', 'auth_failed'),
        attempt('local', 'success'),
      ]),
    ).toEqual(['runware rejected the API key in RUNWARE_API_KEY; check that variable holds a valid key']);
  });

  it('points providers from MOTIF_CONFIG at the config, and mentions credits', () => {
    expect(keyHints([attempt('primary', 'failure', 'auth_failed'), attempt('openai', 'failure', 'insufficient_credits')])).toEqual([
      'primary rejected its API key; check the key MOTIF_CONFIG gives provider "primary"',
      expect.stringMatching(/^openai reports the account is out of credits/),
    ]);
  });

  it('uses the error itself when it carries no trail, and says nothing about missing keys or other failures', () => {
    expect(keyHints(undefined, new MotifError('auth_failed', { provider: 'openai' }))).toEqual([expect.stringContaining('OPENAI_API_KEY')]);
    expect(
      keyHints(
        [attempt('runware', 'failure', 'upstream_timeout'), attempt('openai', 'skipped', 'key_missing')],
        new MotifError('no_provider_available'),
      ),
    ).toEqual([]);
  });
});
