import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { offlineDesignReport } from '../../src/core/contract/offline-design.ts';
import type { JobEvent } from '../../src/core/contract/service-types.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';

let temp: TempService | undefined;
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
});

describe('MotifService with no key and no network', () => {
  it('generates with the offline engine, streams each image, and finds them again after a restart', async () => {
    temp = await startTempService();
    const events: JobEvent[] = [];
    temp.service.onJobEvent((e) => events.push(e));
    const outcome = await temp.service.generate({
      prompt: 'balloons and confetti',
      style: 'birthday',
      size: '512x384',
      count: 2,
      seed: 11,
    });
    expect(outcome.entries).toHaveLength(2);
    expect(outcome.job.state).toBe('saved');
    expect(outcome.job.provider).toBe('local');
    expect(outcome.entries.map((e) => e.seed)).toEqual([11, 12]);
    const meta = await sharp(Buffer.from((await temp.service.readImage(outcome.entries[0]!.id)).bytes)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 384]);
    const states = events.filter((e) => e.type === 'job-updated').map((e) => (e.type === 'job-updated' ? e.job.state : ''));
    expect(states[0]).toBe('queued');
    expect(states.at(-1)).toBe('saved');
    expect(events.filter((e) => e.type === 'job-image')).toHaveLength(2);
    // The skipped providers are on the trail, so the detail view can say why the offline engine served.
    expect(outcome.entries[0]!.attempts.some((a) => a.provider === 'runware' && a.outcome === 'skipped')).toBe(true);

    const service = await temp.restart();
    const page = await service.listLibrary({ limit: 10 });
    expect(page.total).toBe(2);
    expect(page.items.map((e) => e.id).sort()).toEqual(outcome.entries.map((e) => e.id).sort());
  });

  it('rejects bad input with a named field and writes nothing', async () => {
    temp = await startTempService();
    const bad: [unknown, string][] = [
      [{ prompt: '' }, 'prompt'],
      [{ prompt: 'x'.repeat(2001) }, 'prompt'],
      [{ prompt: 'ok', count: 0 }, 'count'],
      [{ prompt: 'ok', count: 1.5 }, 'count'],
      [{ prompt: 'ok', size: '10x10' }, 'size'],
      [{ prompt: 'ok', size: 'big' }, 'size'],
      [{ prompt: 42 }, 'prompt'],
      [{ prompt: 'ok', style: 'goth' }, 'style'],
      [{ prompt: 'ok', extra: 1 }, 'extra'],
      [{ prompt: 'ok', model: 'nobody/nothing' }, 'model'],
      [{ prompt: 'ok', layout: 'billboard' }, 'layout'],
    ];
    for (const [input, param] of bad) {
      await expect(temp.service.submit(input as never)).rejects.toMatchObject({ code: 'invalid_request', param });
    }
    expect((await temp.service.listLibrary({})).total).toBe(0);
    expect(temp.service.jobs()).toHaveLength(0);
  });

  it('serves an identical deterministic request from the library without rendering again', async () => {
    temp = await startTempService();
    const input = { prompt: 'stars', style: 'minimal' as const, size: '256x256', count: 1, seed: 5 };
    const first = await temp.service.generate(input);
    const second = await temp.service.generate(input);
    expect(second.cached).toBe(true);
    expect(second.entries.map((e) => e.id)).toEqual(first.entries.map((e) => e.id));
    expect((await temp.service.listLibrary({})).total).toBe(1);
    await temp.service.deleteEntries(first.entries.map((e) => e.id));
    const third = await temp.service.generate(input);
    expect(third.cached).toBe(false);
  });

  it('draws the layout a request names, never answering it from the cache of the same request without one', async () => {
    temp = await startTempService();
    const input = { prompt: 'dinosaur party', style: 'birthday' as const, size: '256x256', count: 1, seed: 5 };
    const scene = await temp.service.generate(input);
    const poster = await temp.service.generate({ ...input, layout: 'poster' });
    expect(poster.cached).toBe(false);
    expect(poster.job.request.layout).toBe('poster');
    expect(offlineDesignReport(scene.entries[0]?.providerMetadata)?.layout).toBe('scene');
    expect(offlineDesignReport(poster.entries[0]?.providerMetadata)?.layout).toBe('poster');
    expect(poster.entries[0]?.imageHash).not.toBe(scene.entries[0]?.imageHash);
    expect((await temp.service.generate({ ...input, layout: 'poster' })).cached).toBe(true);
  });

  it('cancels a running job', async () => {
    temp = await startTempService();
    const job = await temp.service.submit({ prompt: 'bunting', size: '2048x2048', count: 8 });
    await temp.service.cancel(job.id);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !['cancelled', 'saved'].includes(temp.service.jobs().find((j) => j.id === job.id)!.state))
      await new Promise((r) => setTimeout(r, 20));
    const final = temp.service.jobs().find((j) => j.id === job.id)!;
    expect(final.state).toBe('cancelled');
    expect(final.error?.code).toBe('cancelled');
  });

  it('says prompt enhancement needs a Runware key', async () => {
    temp = await startTempService();
    await expect(temp.service.enhancePrompt('party')).rejects.toMatchObject({ code: 'key_missing' });
  });

  it('reports providers in telemetry, and forcing a breaker open shows on the card and reroutes', async () => {
    temp = await startTempService();
    const snapshot = temp.service.telemetry();
    expect(snapshot.providers.map((p) => [p.id, p.status])).toEqual(
      expect.arrayContaining([
        ['runware', 'key-missing'],
        ['openai', 'key-missing'],
        ['local', 'idle'],
      ]),
    );
    const forced = await temp.service.setBreakerMode('local', 'forced-open');
    expect(forced.providers.find((p) => p.id === 'local')).toMatchObject({ status: 'open', breakerMode: 'forced-open' });
    await expect(temp.service.generate({ prompt: 'dots', size: '128x128' })).rejects.toMatchObject({ code: 'no_provider_available' });
    await temp.service.setBreakerMode('local', 'auto');
    await expect(temp.service.generate({ prompt: 'dots', size: '128x128' })).resolves.toMatchObject({ job: { state: 'saved' } });
  });

  it('keys never appear in the settings view', async () => {
    temp = await startTempService();
    const view = await temp.service.setSecret('runware', 'rw-very-secret-123');
    expect(JSON.stringify(view)).not.toContain('rw-very-secret-123');
    expect(view.secrets.runware).toBe(true);
  });
});
