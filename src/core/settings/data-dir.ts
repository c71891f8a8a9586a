import { homedir } from 'node:os';
import { join } from 'node:path';

/** The platform's per-user data folder for Motif, as Electron's userData would be; MOTIF_DATA_DIR overrides it. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MOTIF_DATA_DIR) return env.MOTIF_DATA_DIR;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Motif');
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Motif');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Motif');
}
