import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAIEmulator, type OpenAIEmulator } from '../emulators/openai/index.ts';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';

const KEY = 'test-key-edits';
let openai: OpenAIEmulator;
let runware: RunwareEmulator;
let temp: TempService | undefined;

beforeEach(async () => {
  openai = await startOpenAIEmulator({ apiKey: KEY, seed: 3 });
  runware = await startRunwareEmulator({ apiKey: KEY, seed: 3 });
});

afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
  await openai.close();
  await runware.close();
});

/** A 512×512 grey picture. */
const picture = async (): Promise<Uint8Array> =>
  new Uint8Array(
    await sharp({ create: { width: 512, height: 512, channels: 3, background: '#808080' } })
      .png()
      .toBuffer(),
  );

async function service(secrets: Record<string, string>): Promise<TempService> {
  temp = await startTempService({
    secrets,
    env: { OPENAI_BASE_URL: openai.baseUrl, RUNWARE_WS_URL: runware.wsUrl, RUNWARE_API_URL: runware.restUrl },
  });
  return temp;
}

describe('OpenAI-compatible image edits (vary, edit area) through /v1/images/edits', () => {
  it('varies an image with OpenAI when it is the only provider that can, results made from it', async () => {
    const { service: motif } = await service({ openai: KEY });
    const outcome = await motif.runTask({ task: 'vary', source: { bytes: await picture() }, count: 2 });
    expect(outcome.job).toMatchObject({ state: 'saved', provider: 'openai', model: 'gpt-image-1' });
    expect(outcome.entries).toHaveLength(2);
    expect(outcome.entries.every((e) => e.task === 'vary' && e.parentId === outcome.job.task?.sourceEntryId)).toBe(true);
    expect(openai.stats.edits).toBe(1);
  });

  it('repaints only the masked area (white in our mask = transparent in OpenAI’s)', async () => {
    const { service: motif } = await service({ openai: KEY });
    // The right half white: repaint it; keep the left half.
    const mask = new Uint8Array(
      await sharp({ create: { width: 512, height: 512, channels: 3, background: '#000000' } })
        .composite([{ input: { create: { width: 256, height: 512, channels: 3, background: '#ffffff' } }, left: 256, top: 0 }])
        .png()
        .toBuffer(),
    );
    const outcome = await motif.runTask({ task: 'inpaint', source: { bytes: await picture() }, mask, prompt: 'a gold star' });
    const { data, info } = await sharp(Buffer.from((await motif.readImage(outcome.entries[0]!.id)).bytes))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number): number[] => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    expect(pixel(100, 500)).toEqual([128, 128, 128]);
    expect(pixel(900, 500)).not.toEqual([128, 128, 128]);
  });

  it('fails over from Runware to OpenAI for a tool both run', async () => {
    const { service: motif } = await service({ openai: KEY, runware: KEY });
    const source = (await motif.runTask({ task: 'upload', source: { bytes: await picture() } })).entries[0]!.id;
    // Runware keeps timing out (its retries too), so the job moves on to the other provider that varies.
    runware.faults.failNext(5, { kind: 'runware-error', code: 'timeoutProvider' });
    const outcome = await motif.runTask({ task: 'vary', source: { entryId: source }, count: 1, seed: 5 });
    expect(outcome.job.provider).toBe('openai');
    expect(outcome.job.fallback).toBe(true);
    expect(outcome.job.attempts.map((a) => [a.provider, a.outcome])).toEqual(
      expect.arrayContaining([
        ['runware', 'failure'],
        ['openai', 'success'],
      ]),
    );
  });
});
