import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../src/core/contract/service-types.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';

let temp: TempService | undefined;
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
});

async function offlineDesign(service: TempService['service'], prompt = 'dinosaur birthday poster'): Promise<string> {
  const outcome = await service.generate({ prompt, style: 'birthday', size: '256x192', seed: 5, format: 'png' });
  return outcome.entries[0]!.id;
}

describe('image tools with no key and no network', () => {
  it('upscales its own design ×2 by redrawing it: exactly twice the size, recorded as made from the design', async () => {
    temp = await startTempService();
    const parent = await offlineDesign(temp.service);
    const events: JobEvent[] = [];
    temp.service.onJobEvent((e) => events.push(e));
    const outcome = await temp.service.runTask({ task: 'upscale', source: { entryId: parent }, factor: 2 });
    expect(outcome.job).toMatchObject({
      state: 'saved',
      provider: 'local',
      task: { kind: 'upscale', sourceEntryId: parent, label: 'Upscale ×2' },
    });
    const [entry] = outcome.entries;
    expect(entry).toMatchObject({ parentId: parent, task: 'upscale', taskParams: { factor: 2 }, width: 512, height: 384 });
    const meta = await sharp(Buffer.from((await temp.service.readImage(entry!.id)).bytes)).metadata();
    expect([meta.width, meta.height]).toEqual([512, 384]);
    // One road: the result is announced once, with its saved entry.
    expect(events.filter((e) => e.type === 'job-image').map((e) => (e.type === 'job-image' ? e.entry.id : ''))).toEqual([entry!.id]);
    // The lineage survives a restart.
    const service = await temp.restart();
    expect(await service.getEntry(entry!.id)).toMatchObject({ parentId: parent, task: 'upscale' });
  });

  it('removes the background of its own design by redrawing it without its backdrop', async () => {
    temp = await startTempService();
    const parent = await offlineDesign(temp.service, 'balloons poster');
    const outcome = await temp.service.runTask({ task: 'remove-background', source: { entryId: parent } });
    const bytes = Buffer.from((await temp.service.readImage(outcome.entries[0]!.id)).bytes);
    const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    let transparent = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] === 0) transparent += 1;
    // The backdrop filled every pixel; without it a real share of the canvas is see-through.
    expect(transparent / (info.width * info.height)).toBeGreaterThan(0.2);
    const original = await sharp(Buffer.from((await temp.service.readImage(parent)).bytes))
      .ensureAlpha()
      .raw()
      .toBuffer();
    let opaque = 0;
    for (let i = 3; i < original.length; i += 4) if (original[i] === 255) opaque += 1;
    expect(opaque).toBe(original.length / 4);
  });

  it('vectorizes its own design: the result carries the SVG twin', async () => {
    temp = await startTempService();
    const parent = await offlineDesign(temp.service);
    const outcome = await temp.service.runTask({ task: 'vectorize', source: { entryId: parent } });
    const svg = await temp.service.readVector(outcome.entries[0]!.id);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toBe(await temp.service.readVector(parent));
  });

  it('says which providers could caption and why none can now', async () => {
    temp = await startTempService();
    const parent = await offlineDesign(temp.service);
    const estimate = await temp.service.estimateTask({ task: 'caption', source: { entryId: parent } });
    expect(estimate.provider).toBeUndefined();
    expect(estimate.providers.find((p) => p.id === 'runware')).toMatchObject({ available: false, reason: 'no API key set' });
    expect(estimate.providers.find((p) => p.id === 'local')?.reason).toMatch(/does not offer Caption/);
    expect(estimate.providers.find((p) => p.id === 'local')).toMatchObject({ available: false });
    await expect(temp.service.submitTask({ task: 'caption', source: { entryId: parent } })).rejects.toMatchObject({
      code: 'task_unavailable',
      message: expect.stringMatching(/runware could \(no API key set\)/),
    });
  });

  it('will not pretend to upscale an image it did not draw', async () => {
    temp = await startTempService();
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer();
    const events: JobEvent[] = [];
    temp.service.onJobEvent((e) => events.push(e));
    await expect(
      temp.service.submitTask({ task: 'upscale', source: { bytes: new Uint8Array(png), name: 'photo.png' } }),
    ).rejects.toMatchObject({ code: 'task_unavailable', message: expect.stringMatching(/local works only on its own designs/) });
    // A file brought in on its own is imported: it becomes an entry and the job's result.
    const imported = await temp.service.runTask({ task: 'upload', source: { bytes: new Uint8Array(png), name: 'photo.png' } });
    expect(imported.entries[0]).toMatchObject({ provider: 'import', task: 'upload', prompt: 'photo.png', width: 64, height: 48 });
  });

  it('rejects bad tool input with the field named', async () => {
    temp = await startTempService();
    const parent = await offlineDesign(temp.service);
    const bad: [unknown, string][] = [
      [{ task: 'upscale', source: { entryId: parent }, factor: 5 }, 'factor'],
      [{ task: 'sharpen', source: { entryId: parent } }, 'task'],
      [{ task: 'vary', source: { entryId: parent }, strength: 2 }, 'strength'],
      [{ task: 'upscale', source: { bytes: new Uint8Array([1, 2, 3]) } }, 'source.bytes'],
      [{ task: 'outpaint', source: { entryId: parent }, extend: { aspect: '0:1' } }, 'extend.aspect'],
    ];
    for (const [input, param] of bad) await expect(temp.service.submitTask(input as never)).rejects.toMatchObject({ param });
    await expect(temp.service.submitTask({ task: 'upscale', source: { entryId: 'missing' } })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
