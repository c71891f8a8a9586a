import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aboutInfo } from '../core/about/about-info.ts';
import { motifVersion } from '../core/about/motif-version.ts';
import type { AboutInfo } from '../core/contract/about-info.ts';
import { defaultDataDir } from '../core/settings/data-dir.ts';
import { EXIT } from './cli-errors.ts';
import type { CliIo } from './cli-io.ts';

/** The library folder: the one settings name (it can be moved from the app), else `<data>/library`. Read only; nothing is created. */
function libraryDirOf(dataDir: string): string {
  try {
    const settings = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as { libraryDir?: unknown };
    if (typeof settings.libraryDir === 'string' && settings.libraryDir !== '') return settings.libraryDir;
  } catch {
    // No settings yet: the default.
  }
  return join(dataDir, 'library');
}

/** The text of `motif --version`: the version first (scripts read line 1), then where data lives and the bundled art and fonts. */
function formatAbout(about: AboutInfo): string {
  const lines = [
    `motif ${about.version}`,
    `data folder  ${about.dataDir}  (MOTIF_DATA_DIR sets another)`,
    `library      ${about.libraryDir}`,
    `runtime      Node ${about.runtime.node}, ${about.runtime.platform}`,
  ];
  if (about.credits.length === 0) lines.push('bundled art and fonts: none in this build');
  else {
    lines.push('bundled art and fonts:');
    for (const credit of about.credits)
      lines.push(
        `  ${credit.title} (${credit.kind}) · ${credit.licence}${credit.author ? ` · ${credit.author}` : ''} · ${credit.package} ${credit.version}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

/** `motif --version`. */
export async function versionCommand(_argv: readonly string[], io: CliIo): Promise<number> {
  const dataDir = defaultDataDir(io.env);
  io.stdout(formatAbout(aboutInfo({ version: motifVersion(), dataDir, libraryDir: libraryDirOf(dataDir) })));
  return EXIT.ok;
}
