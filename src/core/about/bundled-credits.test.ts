import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { aboutInfo } from './about-info.ts';
import { BUNDLED_ASSETS, readBundledCredits } from './bundled-credits.ts';

const require = createRequire(import.meta.url);

describe('bundled credits', () => {
  it('read the licence, author and version each package declares, and name its licence file', () => {
    // zod stands in for an art package: what matters is that nothing is copied by hand.
    const declared = JSON.parse(readFileSync(require.resolve('zod/package.json'), 'utf8')) as { version: string; license: string };
    const [credit, ...rest] = readBundledCredits([{ package: 'zod', title: 'Stand-in art', kind: 'art' }]);
    expect(rest).toEqual([]);
    expect(credit).toMatchObject({
      title: 'Stand-in art',
      kind: 'art',
      package: 'zod',
      version: declared.version,
      licence: declared.license,
      licenceFile: 'zod/LICENSE',
    });
  });

  it('leave out an asset whose package is not installed, so the list is safe before the art lands', () => {
    expect(readBundledCredits([{ package: '@motif-test/not-installed-font', title: 'Nothing', kind: 'font' }])).toEqual([]);
  });

  it('credit every bundled asset that is installed, and only those', () => {
    const installed = BUNDLED_ASSETS.filter((asset) => {
      try {
        require.resolve(`${asset.package}/package.json`);
        return true;
      } catch {
        return false;
      }
    });
    const credits = aboutInfo({ version: '1.0.0', dataDir: '/data', libraryDir: '/data/library' }).credits;
    expect(credits.map((c) => c.package).sort()).toEqual(installed.map((a) => a.package).sort());
    for (const credit of credits) expect(credit.licence).not.toBe('see the package');
  });
});
