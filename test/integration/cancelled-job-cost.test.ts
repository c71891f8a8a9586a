import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderGenerateOptions, ProviderImageResult } from '../../src/core/contract/image-provider.ts';
import { MotifError } from '../../src/core/errors/motif-error.ts';
import type { MotifService } from '../../src/core/service/motif-service.ts';
import { ScriptedProvider } from '../support/scripted-provider.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';

/**
 * Issue 14, finding 3: a job cancelled after 1 of 4 images still showed the
 * 4-image estimate, and the image it had paid for never reached the ledger.
 */

const PNG_1X1 = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);

/** Streams one image at $0.0013, then waits until it is cancelled. */
class OneThenHangProvider extends ScriptedProvider {
  override generate(options: ProviderGenerateOptions): Promise<ProviderImageResult> {
    this.calls.push(options);
    const { request } = options;
    options.onImage?.(
      { bytes: PNG_1X1, format: 'png', width: request.width, height: request.height, seed: request.seed, costUsd: 0.0013 },
      0,
    );
    return new Promise((_, reject) => {
      options.signal.addEventListener('abort', () => reject(new MotifError('cancelled')), { once: true });
    });
  }
}

let temp: TempService | undefined;
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
});

async function settled(service: MotifService, jobId: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    const job = service.jobs().find((j) => j.id === jobId);
    if (job?.state === 'cancelled' || job?.state === 'failed') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the job never settled');
}

describe('a cancelled job shows what it actually cost', () => {
  it('after 1 of 4 images: $0.0013 in the job and the ledger, not the $0.0052 estimate', async () => {
    const alpha = new OneThenHangProvider({ id: 'alpha', price: 0.0013 });
    temp = await startTempService({ providers: [alpha] });
    const job = await temp.service.submit({ prompt: 'garland', size: '256x256', count: 4 });
    expect(job.estimatedCostUsd).toBeCloseTo(0.0052);
    for (let i = 0; i < 500 && (temp.service.jobs()[0]?.entryIds.length ?? 0) === 0; i += 1) await new Promise((r) => setTimeout(r, 5));
    await temp.service.cancel(job.id);
    await settled(temp.service, job.id);
    const cancelled = temp.service.jobs().find((j) => j.id === job.id)!;
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.entryIds).toHaveLength(1);
    expect(cancelled.costUsd).toBeCloseTo(0.0013);
    expect(temp.service.telemetry().spend.todayUsd).toBeCloseTo(0.0013);
  });
});
