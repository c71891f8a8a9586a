import { appendFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';
import { dayKey } from '../../src/core/ledger/cost-ledger.ts';

/** Issue 15 (M2, M5): what the engine reset or could not read reaches metrics, and a damaged ledger never lets spend pass the cap. */
describe('data notices reach every surface', () => {
  let temp: TempService | undefined;
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    await temp?.cleanup();
    server = undefined;
    temp = undefined;
  });

  it('GET /motif/services/metrics lists what was reset and kept', async () => {
    temp = await startTempService({ settings: { schemaVersion: 2, theme: 'sepia', budget: { dailyCapUsd: 5 } } });
    server = await startServer(temp.service, { port: 0 });
    const body = (await (await fetch(`${server.url}/motif/services/metrics`)).json()) as {
      data_notices: { file: string; message: string }[];
    };
    expect(body.data_notices).toEqual([
      { file: 'settings.json', message: expect.stringMatching(/reset to defaults: theme\. Everything else was kept/) },
    ]);
    expect(temp.service.getSettings().settings.budget.dailyCapUsd).toBe(5);
  });

  it('a torn ledger line from today holds paid providers at the cap instead of forgetting the spend', async () => {
    temp = await startTempService({
      settings: { schemaVersion: 2, budget: { dailyCapUsd: 5 } },
      secrets: { openai: 'sk-test-key-123456' },
      env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    const { dataDir } = temp;
    await mkdir(dataDir, { recursive: true });
    const today = dayKey(Date.now());
    await writeFile(join(dataDir, 'ledger.jsonl'), `${JSON.stringify({ day: today, provider: 'openai', usd: 1 })}\n`);
    await appendFile(join(dataDir, 'ledger.jsonl'), `{"day":"${today}","provider":"openai","usd":3.2`);
    const service = await temp.restart();
    expect(service.getSettings().notices.map((n) => n.file)).toContain('ledger.jsonl');
    expect(service.telemetry().spend).toBeDefined();
    await expect(service.generate({ prompt: 'bunting', model: 'openai/gpt-image-1', count: 1 })).rejects.toMatchObject({
      code: 'budget_exceeded',
    });
    // The offline engine is never capped.
    await expect(service.generate({ prompt: 'bunting', model: 'offline', count: 1 })).resolves.toMatchObject({
      entries: [expect.anything()],
    });
  });

  it('an unreadable breakers.json is kept aside and reported; providers start ready', async () => {
    temp = await startTempService();
    // Closed first: closing saves the breakers, which would replace the damaged file.
    await temp.service.close({ graceMs: 0 });
    await writeFile(join(temp.dataDir, 'breakers.json'), '{"runware:flux": {"mode": "auto", "trips": 3');
    const service = await temp.restart();
    expect(service.getSettings().notices).toEqual([
      {
        file: 'breakers.json',
        message: expect.stringMatching(/could not be read; it was kept as breakers\.json\.unreadable-.*starts ready/),
      },
    ]);
    expect((await readdir(temp.dataDir)).some((name) => name.startsWith('breakers.json.unreadable-'))).toBe(true);
  });

  it('a settings update cannot point the library at someone else’s folder', async () => {
    temp = await startTempService();
    const victim = join(temp.dataDir, 'victim');
    await mkdir(join(victim, 'tmp'), { recursive: true });
    await writeFile(join(victim, 'tmp', 'notes.txt'), 'mine');
    await expect(temp.service.updateSettings({ libraryDir: victim })).rejects.toMatchObject({ code: 'library_not_motif' });
    await expect(temp.service.updateSettings({ libraryDir: join(temp.dataDir, 'unplugged') })).rejects.toMatchObject({
      code: 'library_missing',
    });
    expect(temp.service.getSettings().settings.libraryDir).toBe('');
  });
});
