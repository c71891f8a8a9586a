import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seamCross, seamCrossMask, rollByHalf } from '../../src/core/print/seam-repair.ts';
import { seamStatistics, type RawImage } from '../../src/core/print/seamless-tile.ts';
import type { MotifService } from '../../src/core/service/motif-service.ts';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';
import { seamyTile } from '../support/image-pixels.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';
import { until } from '../support/async-expect.ts';

const KEY = 'test-key-seam-repair';
const WIDTH = 256;
const HEIGHT = 192;
let emulator: RunwareEmulator;
let temp: TempService | undefined;

beforeEach(async () => {
  emulator = await startRunwareEmulator({ apiKey: KEY, seed: 11 });
});

afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
  await emulator.close();
});

async function service(withKey: boolean): Promise<MotifService> {
  temp = await startTempService({
    ...(withKey ? { secrets: { runware: KEY } } : {}),
    env: { RUNWARE_WS_URL: emulator.wsUrl, RUNWARE_API_URL: emulator.restUrl },
  });
  return temp.service;
}

async function raw(bytes: Uint8Array): Promise<RawImage> {
  const { data, info } = await sharp(Buffer.from(bytes)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, channels: info.channels };
}

/** A provider-less image with hard seams (a ramp each way), brought into the library. */
async function importRamp(motif: MotifService): Promise<string> {
  const outcome = await motif.runTask({
    task: 'upload',
    source: { bytes: new Uint8Array(await seamyTile(WIDTH, HEIGHT)), name: 'ramp.png' },
  });
  return outcome.entries[0]!.id;
}

const patternOf = (id: string) => ({ product: 'pattern' as const, ids: [id], pattern: { tileMm: 100 } });

describe('repairing a pattern seam with the provider’s inpainting', () => {
  it('offers the priced repair, runs it on Runware and makes a tile whose wrap is no stronger than its own insides', async () => {
    const motif = await service(true);
    const parent = await importRamp(motif);
    const original = await raw((await motif.readImage(parent)).bytes);
    const before = seamStatistics(original);
    expect(before.seam).toBeGreaterThan(10 * before.interior);

    const preflight = await motif.printPreflight(patternOf(parent));
    expect(preflight.arts[0]!.fixes[0]).toMatchObject({ mode: 'seamless', provider: 'runware' });
    expect(preflight.arts[0]!.fixes[0]!.label).toMatch(/^Repair the seam with Runware inpainting \(≈ \$0\.\d+\)$/);
    const offeredUsd = preflight.arts[0]!.fixes[0]!.costUsd!;
    expect(preflight.notes.join(' ')).toContain('seam blended locally');
    const spentBefore = motif.telemetry().spend.todayUsd;
    const entriesBefore = (await motif.listLibrary({})).total;
    const announced: string[] = [];
    const stop = motif.onJobEvent((event) => {
      if (event.type === 'job-image') announced.push(event.entry.id);
    });

    const outcome = await motif.runTask({ task: 'seamless', source: { entryId: parent } });
    stop();
    const [tile] = outcome.entries;
    // One road per image: the repaired tile is written once and announced once; the offset image is not kept.
    expect(announced).toEqual([tile!.id]);
    expect((await motif.listLibrary({})).total).toBe(entriesBefore + 1);
    expect(outcome.job).toMatchObject({ state: 'saved', provider: 'runware', task: { kind: 'seamless', sourceEntryId: parent } });
    expect(tile).toMatchObject({ task: 'seamless', parentId: parent, provider: 'runware', width: WIDTH, height: HEIGHT });
    expect(emulator.stats.tasks.imageInference).toBe(1);
    // Priced first, then recorded in the ledger.
    expect(outcome.job.estimatedCostUsd).toBe(offeredUsd);
    expect(outcome.job.costUsd).toBeGreaterThan(0);
    expect(motif.telemetry().spend.todayUsd).toBeCloseTo(spentBefore + outcome.job.costUsd!, 9);

    const repaired = await raw((await motif.readImage(tile!.id)).bytes);
    const after = seamStatistics(repaired);
    expect(after.seam).toBeLessThanOrEqual(after.interior);
    expect(after.seam).toBeLessThanOrEqual(before.interior);
    // Outside the cross the tile is the image offset by half, untouched; inside it, the old edges no longer show.
    const rolled = rollByHalf(original);
    const mask = seamCrossMask(WIDTH, HEIGHT, 0.125);
    let keptDiffer = 0;
    let repainted = 0;
    for (let i = 0; i < WIDTH * HEIGHT; i++) {
      const same = [0, 1, 2].every((c) => rolled.data[i * 3 + c] === repaired.data[i * 3 + c]);
      if (mask.data[i] === 0 && !same) keptDiffer += 1;
      if (mask.data[i] === 255 && !same) repainted += 1;
    }
    expect(keptDiffer).toBe(0);
    expect(repainted).toBeGreaterThan(0.5 * mask.data.filter((v) => v === 255).length);
    const { column, row } = seamCross(WIDTH, HEIGHT);
    const redStep = (image: RawImage, x: number): number =>
      Math.abs(image.data[(10 * WIDTH + x) * 3]! - image.data[(10 * WIDTH + x - 1) * 3]!);
    const greenStep = (image: RawImage, y: number): number =>
      Math.abs(image.data[(y * WIDTH + 10) * 3 + 1]! - image.data[((y - 1) * WIDTH + 10) * 3 + 1]!);
    expect(redStep(rolled, column)).toBeGreaterThan(150);
    expect(redStep(repaired, column)).toBeLessThan(20);
    expect(greenStep(rolled, row)).toBeGreaterThan(150);
    expect(greenStep(repaired, row)).toBeLessThan(20);

    // The repaired tile is printed as it is: no second blend, and no repair offered again.
    const again = await motif.printPreflight(patternOf(tile!.id));
    expect(again.arts[0]!.fixes).toEqual([]);
    expect(again.notes.join(' ')).toContain('Seam: repaired by inpainting');
  });

  it('resumes a seam repair interrupted by a restart: the offset image and its mask are made again from the source', async () => {
    const motif = await service(true);
    const parent = await importRamp(motif);
    const uploads = emulator.stats.tasks.imageUpload ?? 0;
    // The offset image's upload never answers; the app closes meanwhile.
    emulator.faults.failNext(1, { kind: 'hang' });
    const job = await motif.submitTask({ task: 'seamless', source: { entryId: parent } });
    await until(() => (emulator.stats.tasks.imageUpload ?? 0) > uploads);
    const restarted = await temp!.restart();
    expect(restarted.jobs().find((j) => j.id === job.id)).toMatchObject({ state: 'interrupted', task: { kind: 'seamless' } });
    await restarted.resume(job.id);
    await until(() => restarted.jobs().find((j) => j.id === job.id)?.state === 'saved', 20_000);
    const [tile] = (await restarted.listLibrary({ limit: 1 })).items;
    expect(tile).toMatchObject({ task: 'seamless', parentId: parent, provider: 'runware', width: WIDTH, height: HEIGHT });
    const repaired = await raw((await restarted.readImage(tile!.id)).bytes);
    const after = seamStatistics(repaired);
    expect(after.seam).toBeLessThanOrEqual(after.interior);
  });

  it('refuses the repair over the daily cap with the named error and charges nothing; preflight says the seam is blended', async () => {
    const motif = await service(true);
    const parent = await importRamp(motif);
    await motif.updateSettings({ budget: { dailyCapUsd: 0.000001 } });
    const preflight = await motif.printPreflight(patternOf(parent));
    expect(preflight.arts[0]!.fixes).toEqual([]);
    expect(preflight.notes).toContainEqual(
      expect.stringMatching(
        /^The seam cannot be repaired by inpainting now \(its ≈ \$0\.\d+ would pass today’s daily cap\), so it is blended locally\.$/,
      ),
    );
    const entries = (await motif.listLibrary({ limit: 10 })).items.length;
    const spent = motif.telemetry().spend.todayUsd;
    await expect(motif.runTask({ task: 'seamless', source: { entryId: parent } })).rejects.toMatchObject({ code: 'budget_would_exceed' });
    expect(motif.telemetry().spend.todayUsd).toBe(spent);
    expect((await motif.listLibrary({ limit: 10 })).items.length).toBe(entries);
    expect(emulator.stats.tasks.imageInference ?? 0).toBe(0);
  });

  it('falls back to the labelled local blend when no provider can inpaint', async () => {
    const motif = await service(false);
    const parent = await importRamp(motif);
    const preflight = await motif.printPreflight(patternOf(parent));
    expect(preflight.arts[0]!.fixes).toEqual([]);
    expect(preflight.notes).toContain(
      'The seam cannot be repaired by inpainting now (Runware: no API key set; OpenAI: no API key set), so it is blended locally.',
    );
    await expect(motif.runTask({ task: 'seamless', source: { entryId: parent } })).rejects.toMatchObject({
      code: 'task_unavailable',
      message: expect.stringMatching(
        /^No provider can run Repair seam on this image now — runware could \(no API key set\).*local does not offer Edit area, which Repair seam needs/,
      ),
    });
    // The export still makes a seamless sheet: the blended tile.
    const sheet = await motif.printRender({ ...patternOf(parent), format: 'png' });
    expect(sheet.files.map((file) => file.role)).toEqual(['print', 'preview']);
  });
});
