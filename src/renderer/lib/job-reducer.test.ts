import { describe, expect, it } from 'vitest';
import type { HistoryEntry, JobSnapshot } from '../../shared/motif-bridge.ts';
import { EMPTY_QUEUE, applyJobEvent, isActive, withJobs, type QueueState } from './job-reducer.ts';

const job = (id: string, patch: Partial<JobSnapshot> = {}): JobSnapshot => ({
  id,
  request: { prompt: `prompt ${id}`, style: 'party', size: '1024x1024', count: 2, format: 'png', model: 'default' },
  state: 'queued',
  createdAt: 100,
  updatedAt: 100,
  entryIds: [],
  expected: 2,
  attempts: [],
  fallback: false,
  ...patch,
});
const entry = (id: string, jobId: string): HistoryEntry => ({
  id,
  jobId,
  imageHash: 'b'.repeat(64),
  format: 'png',
  width: 8,
  height: 8,
  bytes: 1,
  prompt: 'p',
  style: 'party',
  provider: 'local',
  model: 'm',
  latencyMs: 1,
  createdAt: 1,
  favourite: false,
  fallback: false,
  warnings: [],
  attempts: [],
});

describe('applyJobEvent', () => {
  it('adds jobs newest first and updates them in place', () => {
    let state: QueueState = EMPTY_QUEUE;
    state = applyJobEvent(state, { type: 'job-updated', job: job('a', { createdAt: 1 }) }, 10);
    state = applyJobEvent(state, { type: 'job-updated', job: job('b', { createdAt: 2 }) }, 10);
    state = applyJobEvent(state, { type: 'job-updated', job: job('a', { createdAt: 1, state: 'sending', updatedAt: 200 }) }, 10);
    expect(state.order).toEqual(['b', 'a']);
    expect(state.jobs.a?.state).toBe('sending');
  });

  it('never lets an older snapshot overwrite a newer one', () => {
    let state = applyJobEvent(EMPTY_QUEUE, { type: 'job-updated', job: job('a', { state: 'saved', updatedAt: 500 }) }, 10);
    state = applyJobEvent(state, { type: 'job-updated', job: job('a', { state: 'receiving', updatedAt: 400 }) }, 10);
    expect(state.jobs.a?.state).toBe('saved');
  });

  it('keeps a finished job finished when the submit reply arrives after its last event in the same millisecond', () => {
    // An import finishes within the millisecond it was queued: the 'saved' event can beat submit's reply ('queued').
    let state = applyJobEvent(EMPTY_QUEUE, { type: 'job-updated', job: job('a', { state: 'saved', updatedAt: 500 }) }, 10);
    state = applyJobEvent(state, { type: 'job-updated', job: job('a', { state: 'queued', updatedAt: 500 }) }, 10);
    expect(state.jobs.a?.state).toBe('saved');
    expect(Object.values(state.jobs).filter(isActive)).toEqual([]);
  });

  it('collects images one by one, ignoring duplicates', () => {
    let state = applyJobEvent(EMPTY_QUEUE, { type: 'job-updated', job: job('a') }, 10);
    state = applyJobEvent(state, { type: 'job-image', jobId: 'a', entry: entry('e1', 'a') }, 10);
    const again = applyJobEvent(state, { type: 'job-image', jobId: 'a', entry: entry('e1', 'a') }, 10);
    state = applyJobEvent(again, { type: 'job-image', jobId: 'a', entry: entry('e2', 'a') }, 10);
    expect(again).toBe(applyJobEvent(again, { type: 'job-image', jobId: 'a', entry: entry('e1', 'a') }, 10));
    expect(state.images.a?.map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it('removes a job and its images', () => {
    let state = applyJobEvent(EMPTY_QUEUE, { type: 'job-updated', job: job('a') }, 10);
    state = applyJobEvent(state, { type: 'job-image', jobId: 'a', entry: entry('e1', 'a') }, 10);
    state = applyJobEvent(state, { type: 'job-removed', jobId: 'a' }, 10);
    expect(state).toEqual(EMPTY_QUEUE);
  });

  it('keeps at most maxFinished finished jobs but every running and interrupted one', () => {
    let state: QueueState = EMPTY_QUEUE;
    for (let i = 0; i < 30; i += 1)
      state = applyJobEvent(state, { type: 'job-updated', job: job(`done${i}`, { state: 'saved', createdAt: i }) }, 5);
    state = applyJobEvent(state, { type: 'job-updated', job: job('running', { state: 'waiting', createdAt: 0 }) }, 5);
    state = applyJobEvent(state, { type: 'job-updated', job: job('int', { state: 'interrupted', createdAt: -1 }) }, 5);
    expect(state.order.filter((id) => state.jobs[id]?.state === 'saved')).toEqual(['done29', 'done28', 'done27', 'done26', 'done25']);
    expect(state.jobs.running).toBeDefined();
    expect(state.jobs.int).toBeDefined();
  });
});

describe('withJobs and isActive', () => {
  it('loads a job list in creation order', () => {
    const state = withJobs(EMPTY_QUEUE, [job('old', { createdAt: 1 }), job('new', { createdAt: 9 }), job('mid', { createdAt: 5 })], 10);
    expect(state.order).toEqual(['new', 'mid', 'old']);
  });

  it('treats the in-progress states as active', () => {
    expect(
      ['queued', 'waiting-network', 'sending', 'waiting', 'receiving'].every((s) =>
        isActive(job('a', { state: s as JobSnapshot['state'] })),
      ),
    ).toBe(true);
    expect(['saved', 'failed', 'cancelled', 'interrupted'].some((s) => isActive(job('a', { state: s as JobSnapshot['state'] })))).toBe(
      false,
    );
  });
});
