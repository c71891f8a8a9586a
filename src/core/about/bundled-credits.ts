import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BundledCredit } from '../contract/about-info.ts';

/** A bundled art set or font: which package ships it and what to call it. Its licence is read from the package. */
export interface BundledAsset {
  readonly package: string;
  readonly title: string;
  readonly kind: BundledCredit['kind'];
}

/**
 * Every third-party art set and font the app ships, credited in the About
 * dialog, `motif --version` and the README. Add a line when you bundle one.
 * An asset whose package is not installed is left out, so the list is safe
 * ahead of the code that uses it.
 */
export const BUNDLED_ASSETS: readonly BundledAsset[] = [
  { package: '@iconify-json/fluent-emoji-flat', title: 'Fluent Emoji (flat), Microsoft', kind: 'art' },
  { package: 'emojibase-data', title: 'Emojibase keyword data', kind: 'art' },
  { package: '@fontsource/fredoka', title: 'Fredoka', kind: 'font' },
  { package: '@fontsource/dancing-script', title: 'Dancing Script', kind: 'font' },
];

interface PackageJson {
  readonly version?: string;
  readonly license?: string | { type?: string };
  readonly author?: string | { name?: string };
  readonly homepage?: string;
}

const require = createRequire(import.meta.url);

/** The package's folder, found without importing it (some packages export no `package.json`). */
function packageDir(name: string): string | undefined {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    for (const dir of require.resolve.paths(name) ?? []) {
      if (existsSync(join(dir, name, 'package.json'))) return join(dir, name);
    }
    return undefined;
  }
}

/** The credits of the assets that are installed, each with the licence, author and version its package.json declares. */
export function readBundledCredits(assets: readonly BundledAsset[] = BUNDLED_ASSETS): BundledCredit[] {
  const credits: BundledCredit[] = [];
  for (const asset of assets) {
    const dir = packageDir(asset.package);
    if (dir === undefined) continue;
    let pkg: PackageJson;
    try {
      pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
    } catch {
      continue;
    }
    const licence = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type;
    const author = typeof pkg.author === 'string' ? pkg.author : pkg.author?.name;
    const licenceFile = readdirSync(dir).find((file) => /^(licen[cs]e|copying|ofl)(\.\w+)?$/i.test(file));
    credits.push({
      title: asset.title,
      kind: asset.kind,
      package: asset.package,
      version: pkg.version ?? 'unknown',
      licence: licence ?? 'see the package',
      ...(author ? { author } : {}),
      ...(pkg.homepage ? { homepage: pkg.homepage } : {}),
      ...(licenceFile ? { licenceFile: `${asset.package}/${licenceFile}` } : {}),
    });
  }
  return credits;
}
