export { settingsOfEntry, type EmbeddedSettings } from './embedded-settings.ts';
export { fileWithSettings, readEmbeddedSettings } from './file-settings.ts';
