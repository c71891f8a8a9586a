import { SETTINGS_SCHEMA_VERSION } from '../contract/settings-schema.ts';

type Raw = Record<string, unknown>;
type Migration = (raw: Raw) => Raw;

const isRecord = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Migrations from each older schema version to the next. Version 1 kept the
 * Runware URL and the default size flat at the top level.
 */
const MIGRATIONS: Readonly<Record<number, Migration>> = {
  1: (raw) => {
    const { runwareUrl, defaultSize, defaultStyle, ...rest } = raw;
    const providers = isRecord(rest.providers) ? { ...rest.providers } : {};
    const runware = isRecord(providers.runware) ? { ...providers.runware } : {};
    if (typeof runwareUrl === 'string') runware.wsUrl = runwareUrl;
    providers.runware = runware;
    const defaults = isRecord(rest.defaults) ? { ...rest.defaults } : {};
    if (typeof defaultSize === 'string') defaults.size = defaultSize;
    if (typeof defaultStyle === 'string') defaults.style = defaultStyle;
    return { ...rest, providers, defaults, schemaVersion: 2 };
  },
};

/** Brings raw persisted settings up to the current schema version. Unknown input yields `{}` (all defaults). */
export function migrateSettings(raw: unknown): Raw {
  if (!isRecord(raw)) return {};
  let current: Raw = { ...raw };
  let version = typeof current.schemaVersion === 'number' ? current.schemaVersion : 1;
  if (Object.keys(current).length === 0) return {};
  while (version < SETTINGS_SCHEMA_VERSION) {
    const migrate = MIGRATIONS[version];
    if (!migrate) break;
    current = migrate(current);
    version += 1;
  }
  return current;
}
