import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src/core/contract/history-entry.ts';
import type { JobEvent } from '../../src/core/contract/service-types.ts';
import { fileWithSettings, settingsOfEntry } from '../../src/core/library/metadata/index.ts';
import { useRunwareEmulator } from '../support/runware-test-kit.ts';
import { until } from '../support/async-expect.ts';
import { redSquarePicture } from '../support/image-pixels.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';

const KEY = 'test-key-captions';
const kit = useRunwareEmulator({ apiKey: KEY, seed: 7, costPerToolUsd: 0.002 });
const temps: TempService[] = [];

afterEach(async () => {
  for (const temp of temps.splice(0)) await temp.cleanup();
});

async function startService(options: { key?: boolean; settings?: unknown } = {}): Promise<TempService & { events: JobEvent[] }> {
  const { wsUrl, restUrl } = kit.emulator();
  const temp = await startTempService({
    ...(options.key === false ? {} : { secrets: { runware: KEY } }),
    env: { RUNWARE_WS_URL: wsUrl, RUNWARE_API_URL: restUrl },
    ...(options.settings === undefined ? {} : { settings: options.settings }),
  });
  temps.push(temp);
  const events: JobEvent[] = [];
  temp.service.onJobEvent((event) => events.push(event));
  return { ...temp, events };
}

/** A photo from a client, with no Motif settings in it. */
const clientPhoto = redSquarePicture;

const updates = (events: readonly JobEvent[]): HistoryEntry[] =>
  events.flatMap((event) => (event.type === 'entry-updated' ? [event.entry] : []));

describe('an imported image with no settings is captioned by a provider that can', () => {
  it('returns at once under its file name, then the caption arrives as its prompt, marked, costed and searchable', async () => {
    const { service, events } = await startService();
    const before = service.telemetry().spend.todayUsd;

    const result = await service.importImages([{ name: 'IMG_2041.png', bytes: await clientPhoto() }]);

    const [imported] = result.imported;
    expect(imported).toMatchObject({ prompt: 'IMG 2041', provider: 'import' });
    expect(imported?.caption).toBeUndefined();
    await until(() => updates(events).length > 0);
    const [captioned] = updates(events);
    expect(captioned).toMatchObject({ id: imported!.id, provider: 'import' });
    expect(captioned?.prompt).toMatch(/landscape 64x48 image, mostly white/);
    expect(captioned?.caption).toMatchObject({ provider: 'runware', costUsd: 0.002 });
    expect(await service.getEntry(imported!.id)).toMatchObject({ prompt: captioned!.prompt, caption: captioned!.caption });
    expect((await service.listLibrary({ text: 'mostly white' })).items.map((e) => e.id)).toEqual([imported!.id]);
    // The caption ran as a costed tool job on Runware, recorded in the ledger.
    const job = service.jobs().find((j) => j.task?.kind === 'caption');
    expect(job).toMatchObject({ state: 'saved', provider: 'runware', costUsd: 0.002, task: { sourceEntryId: imported!.id } });
    expect(service.telemetry().spend.todayUsd).toBeCloseTo(before + 0.002, 6);
    expect(kit.emulator().stats.tasks.caption).toBe(1);
  });

  it('captions nothing that came with its settings', async () => {
    const { service } = await startService();
    const made = (await service.generate({ prompt: 'gold balloons', seed: 5, model: 'offline', size: '256x256' })).entries[0]!;
    const bytes = fileWithSettings((await service.readImage(made.id)).bytes, 'png', settingsOfEntry(made, '0.1.0'));
    const result = await service.importImages([{ name: 'export.png', bytes }]);
    expect(result.imported[0]).toMatchObject({ prompt: 'gold balloons', seed: 5 });
    await service.close();
    expect(service.jobs().some((j) => j.task?.kind === 'caption')).toBe(false);
    expect(kit.emulator().stats.tasks.caption ?? 0).toBe(0);
  });

  it('with no provider able to caption (offline, no key) keeps the file name: no job, no error, no spend', async () => {
    const { service, events } = await startService({ key: false });
    const result = await service.importImages([{ name: 'arch_flowers.png', bytes: await clientPhoto() }]);
    expect(result).toMatchObject({ failed: [], imported: [{ prompt: 'arch flowers' }] });
    await service.close();
    expect(events.filter((e) => e.type === 'entry-updated' || e.type === 'job-updated')).toEqual([]);
    expect(service.jobs()).toEqual([]);
    expect(kit.emulator().stats.tasks.caption ?? 0).toBe(0);
  });

  it('honours the daily cap: a caption that would cross it never runs, no caption runs and nothing is spent', async () => {
    const { service, events } = await startService({ settings: { budget: { dailyCapUsd: 0.0001 } } });
    const result = await service.importImages([{ name: 'cake.png', bytes: await clientPhoto() }]);
    expect(result.imported[0]?.prompt).toBe('cake');
    await service.close();
    expect(updates(events)).toEqual([]);
    expect(service.jobs()).toEqual([]);
    expect(service.telemetry().spend.todayUsd).toBe(0);
    expect(kit.emulator().stats.tasks.caption ?? 0).toBe(0);
  });
});
