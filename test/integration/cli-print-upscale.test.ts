import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfImages } from '../support/poppler.ts';
import { runCli } from './cli-harness.ts';
import { startRunwareCliLibrary, type RunwareCliLibrary } from './runware-cli-library.ts';

describe('motif print --upscale: a soft Runware image is upscaled by Runware first, then printed', { timeout: 240_000 }, () => {
  let cli: RunwareCliLibrary;
  let root: string;
  let env: NodeJS.ProcessEnv;
  const library = () => cli.library();

  beforeAll(async () => {
    cli = await startRunwareCliLibrary({ key: 'rw-cli-print-upscale', seed: 9, size: '512x512' });
    ({ root, env } = cli);
  });
  afterAll(async () => {
    await cli.close();
  });

  it('names the priced upscale in preflight, runs it with --upscale, and prints the new entry', async () => {
    const [original] = await library();
    expect(original).toMatchObject({ provider: 'runware', width: 512 });
    const out = join(root, 'card.pdf');
    const plain = await runCli(['print', original!.id, '--size', '4x6', '-o', out], { env, cwd: root });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toMatch(
      new RegExp(
        `${original!.id}: 512 px over 6\\.3 in = 82 ppi: will look soft \\(fix: --upscale: Upscale ×4 with Runware, which made it \\(≈ \\$0\\.\\d+\\) or --enhance resample\\)`,
      ),
    );
    expect((await library()).length).toBe(1);

    const upscaled = await runCli(['print', original!.id, '--size', '4x6', '--upscale', '-o', out], { env, cwd: root });
    expect(upscaled.code, upscaled.stderr).toBe(0);
    const [made] = await library();
    expect(made).toMatchObject({ provider: 'runware', width: 2048, parentId: original!.id, task: 'upscale' });
    expect(upscaled.stderr).toContain(`${original!.id}: upscaled to ${made!.id} (2048×2048 px, made from ${original!.id})`);
    expect(upscaled.stderr).toContain(`${made!.id}: 2048 px over 6.3 in = 328 ppi: sharp`);
    expect((await pdfImages(await readFile(out))).map((image) => image.width)).toEqual([2048]);
  });

  it('refuses the upscale with the named error when it would pass the daily cap', async () => {
    const [latest] = await library();
    // A cap below what today has already spent on Runware.
    const file = join(root, 'data', 'settings.json');
    const settings = (await readFile(file, 'utf8').then(JSON.parse, () => ({ schemaVersion: 2 }))) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...settings, budget: { ...(settings.budget as object), dailyCapUsd: 0.000001 } }));
    const refused = await runCli(['print', latest!.parentId!, '--size', '4x6', '--upscale', '-o', join(root, 'capped.pdf')], {
      env,
      cwd: root,
    });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/error \[budget_(exceeded|would_exceed)\]/);
  });
});
