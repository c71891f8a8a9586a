import { expect } from 'vitest';
import { MotifError } from '../../src/core/errors/index.ts';

/*
 * Small waits and catches that many tests need. Shared so that each test
 * states what it checks rather than how it waits.
 */

/** The MotifError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<MotifError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(MotifError);
    return error as MotifError;
  }
  throw new Error('expected a rejection');
}

/** Polls until `condition` holds, failing after `timeoutMs` (a guard against hangs, not a timing assertion). */
export async function until(condition: () => boolean, timeoutMs = 5_000, pollMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
