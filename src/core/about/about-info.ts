import type { AboutInfo } from '../contract/about-info.ts';
import { readBundledCredits } from './bundled-credits.ts';

/**
 * What the About dialog and `motif --version` show: the version, where data
 * lives, the runtime, and the licences of the bundled art and fonts. The
 * caller supplies the version (Electron's `app.getVersion()`, or package.json
 * for the command line) and the folders.
 */
export function aboutInfo(options: { version: string; dataDir: string; libraryDir: string; electron?: string | undefined }): AboutInfo {
  return {
    version: options.version,
    dataDir: options.dataDir,
    libraryDir: options.libraryDir,
    runtime: {
      node: process.versions.node,
      ...(options.electron ? { electron: options.electron } : {}),
      platform: `${process.platform} ${process.arch}`,
    },
    credits: readBundledCredits(),
  };
}
