import { describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../../shared/motif-bridge.ts';
import { describeJobCost } from './job-cost.ts';

const job = (patch: Partial<JobSnapshot>): JobSnapshot => ({
  id: 'j',
  state: 'receiving',
  createdAt: 1,
  updatedAt: 2,
  entryIds: [],
  expected: 4,
  fallback: false,
  attempts: [],
  request: { prompt: 'garland', style: 'party', size: '1024x1024', count: 4, format: 'png', model: 'default' },
  estimatedCostUsd: 0.0052,
  ...patch,
});

describe('describeJobCost', () => {
  it('shows the estimate while a job runs', () => {
    expect(describeJobCost(job({}))).toEqual({ text: '≈ $0.0052', title: 'Estimated' });
  });

  it('shows what a job cancelled after 1 of 4 images cost, not the 4-image estimate', () => {
    expect(describeJobCost(job({ state: 'cancelled', entryIds: ['a'], costUsd: 0.0013 }))?.text).toBe('$0.0013');
  });

  it('shows $0.00 for a cancelled or failed job that made nothing', () => {
    expect(describeJobCost(job({ state: 'cancelled' }))?.text).toBe('$0.00');
    expect(describeJobCost(job({ state: 'failed' }))?.text).toBe('$0.00');
  });

  it('says unknown, never the estimate, when a finished job has no reported cost', () => {
    expect(describeJobCost(job({ state: 'saved', entryIds: ['a'] }))?.text).toBe('unknown');
    expect(describeJobCost(job({ state: 'cancelled', entryIds: ['a'] }))?.text).toBe('unknown');
  });
});
