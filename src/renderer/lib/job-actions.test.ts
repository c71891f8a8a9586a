import { describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../../shared/motif-bridge.ts';
import { describeAttempt, describeServedBy, inputFromJob } from './job-actions.ts';

const labels: Record<string, string> = { runware: 'Runware', openai: 'OpenAI', local: 'Offline engine' };
const label = (id: string): string => labels[id] ?? id;
const job: JobSnapshot = {
  id: 'j',
  state: 'saved',
  createdAt: 1,
  updatedAt: 2,
  entryIds: [],
  expected: 2,
  fallback: true,
  provider: 'local',
  seed: 77,
  request: {
    prompt: 'bunting',
    negativePrompt: 'text',
    style: 'birthday',
    size: '832x1216',
    count: 2,
    format: 'png',
    model: 'default',
    seed: 77,
  },
  attempts: [
    {
      provider: 'runware',
      model: 'r',
      outcome: 'failure',
      durationMs: 1200,
      errorCode: 'upstream_timeout',
      detail: 'did not answer in time',
    },
    { provider: 'local', model: 'p', outcome: 'success', durationMs: 300 },
  ],
};

describe('inputFromJob', () => {
  it('retries with the same request and seed', () => {
    expect(inputFromJob(job, { newSeeds: false })).toEqual({
      prompt: 'bunting',
      negativePrompt: 'text',
      style: 'birthday',
      size: '832x1216',
      count: 2,
      format: 'png',
      model: 'default',
      seed: 77,
    });
  });

  it('asks for new seeds for More like this, skipping the result cache', () => {
    const input = inputFromJob(job, { newSeeds: true });
    expect(input.seed).toBeUndefined();
    expect(input.noCache).toBe(true);
    expect(input.prompt).toBe('bunting');
  });
});

describe('describeAttempt', () => {
  it('says which provider failed, why, and what happened next', () => {
    expect(describeAttempt(job.attempts[0]!, job.attempts[1], label)).toBe(
      'Runware failed after 1.2 s: did not answer in time. Moved on to Offline engine.',
    );
    expect(describeAttempt(job.attempts[1]!, undefined, label)).toBe('Offline engine succeeded after 300 ms');
  });

  it('says when a provider was retried or nothing was left', () => {
    const failure = job.attempts[0]!;
    expect(describeAttempt(failure, failure, label)).toContain('Tried again.');
    expect(describeAttempt(failure, undefined, label)).toContain('No other provider was left to try.');
  });
});

describe('describeServedBy', () => {
  it('names the provider and the fallback', () => {
    expect(describeServedBy(job, label)).toBe('Served by Offline engine — fallback after Runware failed');
    expect(describeServedBy({ ...job, fallback: false }, label)).toBe('Served by Offline engine');
    expect(describeServedBy({ ...job, provider: undefined }, label)).toBeUndefined();
  });

  it('says when a provider was passed over because its circuit was open, without a countdown that would go stale', () => {
    const local = { provider: 'local', model: 'p', outcome: 'success', durationMs: 30 } as const;
    const held = {
      provider: 'runware',
      model: 'r',
      outcome: 'skipped',
      durationMs: 0,
      errorCode: 'circuit_open',
      detail: 'circuit held open by hand',
    } as const;
    const open = { ...held, detail: 'circuit open, retry in 5 s' };
    const noKey = {
      provider: 'openai',
      model: 'o',
      outcome: 'skipped',
      durationMs: 0,
      errorCode: 'key_missing',
      detail: 'no API key set',
    } as const;
    expect(describeServedBy({ ...job, attempts: [noKey, held, local] }, label)).toBe(
      'Served by Offline engine — fallback: Runware was paused (circuit held open by hand)',
    );
    expect(describeServedBy({ ...job, attempts: [open, local] }, label)).toBe(
      'Served by Offline engine — fallback: Runware was paused (circuit open)',
    );
    const failedOpenAi = { ...noKey, outcome: 'failure', errorCode: 'upstream_unavailable' } as const;
    expect(describeServedBy({ ...job, attempts: [failedOpenAi, held, local] }, label)).toBe(
      'Served by Offline engine — fallback after OpenAI failed; Runware was paused (circuit held open by hand)',
    );
    // Only providers without a key were passed over: the offline engine is simply how Motif works then (issue 14, finding 9).
    expect(describeServedBy({ ...job, attempts: [noKey, local] }, label)).toBe('Made offline, on this computer');
  });
});
