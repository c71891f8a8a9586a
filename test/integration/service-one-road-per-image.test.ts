import { afterEach, describe, expect, it, vi } from 'vitest';
import { Library } from '../../src/core/library/library.ts';
import type { JobEvent } from '../../src/core/contract/service-types.ts';
import { ScriptedProvider } from '../support/scripted-provider.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';

let temp: TempService | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await temp?.cleanup();
  temp = undefined;
});

describe('one road per image: provider → router → runner → library → one event', () => {
  it.each([
    ['streams each image', true],
    ['only returns its images at the end', false],
  ])('a provider that %s gets each image written once and announced once', async (_name, streams) => {
    const alpha = new ScriptedProvider({ id: 'alpha', maxImagesPerCall: 2, streams });
    temp = await startTempService({ providers: [alpha] });
    const writes = vi.spyOn(Library.prototype, 'add');
    const events: JobEvent[] = [];
    temp.service.onJobEvent((event) => events.push(event));

    const outcome = await temp.service.generate({ prompt: 'one road', model: 'alpha/model-a', size: '256x256', count: 3 });

    const ids = outcome.entries.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(3);
    // Written once each: three library writes, three entries on disk.
    expect(writes).toHaveBeenCalledTimes(3);
    expect((await temp.service.listLibrary({})).total).toBe(3);
    // Announced once each, by the event that carries the saved entry.
    const announcements = events.filter((event) => event.type === 'job-image');
    expect(announcements.map((event) => event.type === 'job-image' && event.entry.id).sort()).toEqual([...ids].sort());
    expect(announcements.every((event) => event.type === 'job-image' && event.jobId === outcome.job.id)).toBe(true);
    // No second announcement as a job update per image: job updates list no entries, then all of them.
    const listed = new Set(events.flatMap((event) => (event.type === 'job-updated' ? [event.job.entryIds.length] : [])));
    expect([...listed].sort()).toEqual([0, 3]);
    expect(outcome.job.entryIds).toEqual(ids);
  });
});
