import { readFileSync } from 'node:fs';

/**
 * Motif's version from package.json, for headless runs from the sources (the
 * app passes Electron's `app.getVersion()` instead: its bundle moves files).
 */
export function motifVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
