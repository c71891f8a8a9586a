import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRendererHarness, warmRendererHarness, type RendererHarness } from './harness/index.ts';

/** The shell's contract as the page sees it, in Chromium, against a real engine. */
describe('the app shell, through the renderer harness', () => {
  let harness: RendererHarness | undefined;
  beforeAll(() => warmRendererHarness(), 180_000);
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  }, 60_000);

  it('loads the app under the strict CSP with exactly one window.motif', async () => {
    harness = await startRendererHarness();
    const { page } = harness;
    const shape = await page.evaluate(() => {
      const motif = window.motif as unknown as Record<string, Record<string, unknown>>;
      return {
        sections: Object.keys(motif).sort(),
        jobs: Object.keys(motif.jobs ?? {}).sort(),
        writable: Object.getOwnPropertyDescriptor(window, 'motif')?.writable,
        frozen: Object.isFrozen(motif),
        nodeLeaks: ['require', 'process', 'module', 'Buffer', 'ipcRenderer', 'electron'].filter((name) => name in window),
      };
    });
    expect(shape).toEqual({
      sections: ['app', 'health', 'jobs', 'library', 'media', 'models', 'print', 'projects', 'prompts', 'settings', 'tasks'],
      jobs: ['cancel', 'discard', 'estimate', 'list', 'onEvent', 'resume', 'submit'],
      writable: false,
      frozen: true,
      nodeLeaks: [],
    });
    await page.waitForFunction(() => (document.getElementById('root')?.childElementCount ?? 0) > 0, undefined, { timeout: 10_000 });
    expect(harness.cspViolations).toEqual([]);
    expect(harness.pageErrors).toEqual([]);
  }, 60_000);

  it('answers an invalid payload with a typed invalid_request error, and the engine keeps working', async () => {
    harness = await startRendererHarness();
    const { page } = harness;
    const rejection = await page.evaluate(() =>
      window.motif.jobs.submit({ prompt: 42 } as never).then(
        () => 'resolved',
        (error: unknown) => ({ ...(error as object) }),
      ),
    );
    expect(rejection).toMatchObject({
      name: 'MotifError',
      code: 'invalid_request',
      param: 'prompt',
      userMessage: 'The request is not valid: prompt.',
    });

    const odd = await page.evaluate(async () => {
      const codes: string[] = [];
      const attempts: Array<() => Promise<unknown>> = [
        () => window.motif.library.get('../../etc/passwd'),
        () => window.motif.settings.update({ server: { port: 80 } }),
        () => window.motif.library.list({ limit: 1e9 } as never),
        () => window.motif.health.setBreakerMode('local', 'explode' as never),
      ];
      for (const attempt of attempts)
        await attempt().then(
          () => codes.push('resolved'),
          (error: { code: string }) => codes.push(error.code),
        );
      return codes;
    });
    expect(odd).toEqual(['invalid_request', 'invalid_request', 'invalid_request', 'invalid_request']);

    const job = await page.evaluate(() =>
      window.motif.jobs.submit({ prompt: 'pink confetti and gold balloons', size: '256x256', model: 'offline' }),
    );
    expect(job.state).not.toBe('failed');
    await expect
      .poll(async () => (await page.evaluate(() => window.motif.jobs.list())).find((each) => each.id === job.id)?.state, {
        timeout: 20_000,
      })
      .toBe('saved');
    const library = await page.evaluate(() => window.motif.library.list({}));
    expect(library.total).toBe(1);
    const entry = library.items[0];
    if (!entry) throw new Error('no entry');
    const thumbnail = await page.evaluate(async (id) => {
      const image = new Image();
      image.src = window.motif.media.thumbnailUrl(id);
      await image.decode();
      return { width: image.naturalWidth, height: image.naturalHeight };
    }, entry.id);
    expect(thumbnail.width).toBeGreaterThan(0);
    expect(harness.traffic.some((frame) => frame.direction === 'to-page' && frame.text.includes('"job-image"'))).toBe(true);
    expect(harness.cspViolations).toEqual([]);
  }, 60_000);

  it('takes a key without leaving a trace of it in the page, the bridge traffic or the settings', async () => {
    harness = await startRendererHarness();
    const { page } = harness;
    const key = 'rw-harness-7f3a9c1e5b2d4f6a8c0e';
    const view = await page.evaluate((value) => window.motif.settings.setKey('runware', value), key);
    expect(view.secrets.runware).toBe(true);

    const readBack = await page.evaluate(() => window.motif.settings.get());
    expect(readBack.secrets.runware).toBe(true);
    expect(JSON.stringify(readBack)).not.toContain(key);
    expect(JSON.stringify(view)).not.toContain(key);
    expect(await page.content()).not.toContain(key);
    expect(
      await page.evaluate((value) => JSON.stringify(window.localStorage).includes(value) || document.cookie.includes(value), key),
    ).toBe(false);
    expect(harness.traffic.length).toBeGreaterThan(0);
    for (const frame of harness.traffic) expect(frame.text).not.toContain(key);
    expect(
      harness.traffic.some(
        (frame) => frame.direction === 'to-engine' && frame.text.includes('settings:set-key') && frame.text.includes('[redacted]'),
      ),
    ).toBe(true);
    expect(harness.shellCalls.some((call) => call.kind === 'settings-changed' && call.view.secrets.runware)).toBe(true);

    const cleared = await page.evaluate(() => window.motif.settings.clearKey('runware'));
    expect(cleared.secrets.runware).toBe(false);
  }, 60_000);

  it('asks the shell for an export target and writes there', async () => {
    harness = await startRendererHarness();
    const { page, service } = harness;
    const outcome = await service.generate({ prompt: 'striped bunting', size: '128x128', model: 'offline' });
    const ids = outcome.entries.map((entry) => entry.id);
    const exported = await page.evaluate((entryIds) => window.motif.library.export(entryIds, 'zip'), ids);
    expect(exported).toMatchObject({ exported: ids.length });
    expect(harness.shellCalls.find((call) => call.kind === 'choose-export-target')).toMatchObject({ exportKind: 'zip' });
  }, 60_000);
});
