import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seamyTile } from '../support/image-pixels.ts';
import { cliEnv, runCli } from './cli-harness.ts';
import { startRunwareCliLibrary, type RunwareCliLibrary } from './runware-cli-library.ts';

describe(
  'motif pattern --repair-seam: a Runware image’s seam is repaired by Runware inpainting, then repeated',
  { timeout: 240_000 },
  () => {
    let cli: RunwareCliLibrary;
    let root: string;
    let env: NodeJS.ProcessEnv;
    const library = () => cli.library();

    beforeAll(async () => {
      cli = await startRunwareCliLibrary({ key: 'rw-cli-print-seam', seed: 9, size: '256x256' });
      ({ root, env } = cli);
    });
    afterAll(async () => {
      await cli.close();
    });

    it('names the priced repair in preflight, runs it with --repair-seam, and repeats the new entry as it is', async () => {
      const [original] = await library();
      expect(original).toMatchObject({ provider: 'runware' });
      const args = ['pattern', original!.id, '--tile', '40mm', '--sheet', 'a6', '--format', 'png'];
      const plain = await runCli([...args, '-o', join(root, 'plain.png')], { env, cwd: root });
      expect(plain.code, plain.stderr).toBe(0);
      expect(plain.stderr).toMatch(/\(fix: --repair-seam: Repair the seam with Runware inpainting, which made it \(≈ \$0\.\d+\)\)/);
      expect(plain.stderr).toContain('Seam: the tile is offset by half and its seam blended locally');
      expect(await library()).toHaveLength(1);

      const repaired = await runCli([...args, '--repair-seam', '-o', join(root, 'repaired.png')], { env, cwd: root });
      expect(repaired.code, repaired.stderr).toBe(0);
      const [made] = await library();
      expect(made).toMatchObject({ provider: 'runware', parentId: original!.id, task: 'seamless' });
      expect(repaired.stderr).toContain(`${original!.id}: seam repaired by inpainting in ${made!.id} (made from ${original!.id})`);
      expect(repaired.stderr).toContain('Seam: repaired by inpainting (this tile was made seamless), so it repeats as it is');
      expect((await stat(join(root, 'repaired.png'))).size).toBeGreaterThan(10_000);
      expect(cli.emulator.stats.tasks.imageInference).toBe(2);
    });

    it('blends the seam locally and says why when no provider can inpaint', async () => {
      const [, original] = await library();
      const noKey = cliEnv(join(root, 'data'), { RUNWARE_WS_URL: cli.emulator.wsUrl, RUNWARE_API_URL: cli.emulator.restUrl });
      const blended = await runCli(
        ['pattern', original!.id, '--sheet', 'a6', '--format', 'png', '--repair-seam', '-o', join(root, 'b.png')],
        {
          env: noKey,
          cwd: root,
        },
      );
      expect(blended.code, blended.stderr).toBe(0);
      expect(blended.stderr).toMatch(
        /The seam cannot be repaired by inpainting now \(Runware: no API key set.*\), so it is blended locally\./,
      );
      expect(await library()).toHaveLength(2);
    });

    it('repairs a file’s seam too: the file is imported first, priced, and the repaired tile repeated', async () => {
      const file = join(root, 'ramp.png');
      await writeFile(file, await seamyTile(256, 192));
      const args = ['pattern', file, '--sheet', 'a6', '--format', 'png', '--repair-seam', '-o', join(root, 'ramp-sheet.png')];
      const repaired = await runCli(args, { env, cwd: root });
      expect(repaired.code, repaired.stderr).toBe(0);
      expect(repaired.stderr).toMatch(/ramp\.png: Repair the seam with Runware inpainting \(≈ \$0\.\d+\)…/);
      const [made, imported] = await library();
      expect(imported).toMatchObject({ task: 'upload' });
      expect(made).toMatchObject({ task: 'seamless', parentId: imported!.id, provider: 'runware' });
      expect(repaired.stderr).toContain(`ramp.png: seam repaired by inpainting in ${made!.id} (made from ${imported!.id})`);
      expect(repaired.stderr).toContain('Seam: repaired by inpainting');
    });
  },
);
