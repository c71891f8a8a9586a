import { afterEach, describe, expect, it } from 'vitest';
import { startRunwareEmulator, type RunwareEmulator } from '../emulators/runware/index.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';

const KEY = 'test-key-size-warning';
let emulator: RunwareEmulator | undefined;
let temp: TempService | undefined;

afterEach(async () => {
  await temp?.cleanup();
  await emulator?.close();
  temp = undefined;
  emulator = undefined;
});

describe('what Runware changed is kept with the image', () => {
  it('an off-grid size snapped by Runware is recorded on every library entry, so the details can say why it is 256×320', async () => {
    emulator = await startRunwareEmulator({ apiKey: KEY, seed: 3 });
    temp = await startTempService({
      secrets: { runware: KEY },
      env: { RUNWARE_WS_URL: emulator.wsUrl, RUNWARE_API_URL: emulator.restUrl },
    });
    const outcome = await temp.service.generate({ prompt: 'paper garland', size: '250x300', count: 2, seed: 4, model: 'runware:100@1' });
    expect(outcome.entries).toHaveLength(2);
    for (const entry of outcome.entries) {
      expect(entry).toMatchObject({ provider: 'runware', width: 256, height: 320 });
      expect(entry.warnings).toContainEqual(expect.objectContaining({ type: 'compatibility', setting: 'size' }));
      // As saved, not only as returned: a restart shows the same.
      expect((await temp.service.getEntry(entry.id))?.warnings).toEqual(entry.warnings);
    }
  });
});
