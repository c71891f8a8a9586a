import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../src/core/contract/service-types.ts';
import { Library } from '../../src/core/library/library.ts';
import { entryInput, makePng } from './fixtures/library-fixtures.ts';
import { startTempService, type TempService } from '../support/temp-service.ts';

/**
 * The app's engine (a real MotifService) and the CLI (a second open of the same
 * library folder) at once: what the CLI adds reaches the app's pages and
 * lookups, and the app is told its gallery changed, never left silently stale.
 */
describe('the app and the CLI on one library', () => {
  let temp: TempService | undefined;
  afterEach(async () => {
    await temp?.cleanup();
    temp = undefined;
  });

  it("the app's next page and lookup include what the CLI added, and the app hears library-changed", async () => {
    temp = await startTempService();
    const events: JobEvent[] = [];
    temp.service.onJobEvent((event) => events.push(event));
    expect((await temp.service.listLibrary({})).total).toBe(0);
    const cli = await Library.open(join(temp.dataDir, 'library'));
    try {
      await cli.add({ bytes: await makePng(7), entry: entryInput({ id: 'from-cli', prompt: 'made on the command line' }) });
      // A lookup of an id the app has not seen reads the CLI's lines in first.
      expect((await temp.service.getEntry('from-cli')).prompt).toBe('made on the command line');
      expect(events.filter((e) => e.type === 'library-changed')).toHaveLength(1);
      await cli.add({ bytes: await makePng(8), entry: entryInput({ id: 'from-cli-2', prompt: 'second' }) });
      const page = await temp.service.listLibrary({});
      expect(page.items.map((e) => e.id).sort()).toEqual(['from-cli', 'from-cli-2']);
      expect(events.filter((e) => e.type === 'library-changed')).toHaveLength(2);
    } finally {
      await cli.close();
    }
  });
});
