import { z } from 'zod';
import type { HistoryEntry } from '../../contract/history-entry.ts';

/**
 * What an exported image carries about how it was made: enough for "Reuse
 * settings" to ask for the same image again, and for a person (or another
 * tool) to read what made it.
 */
const embeddedSettingsSchema = z.object({
  prompt: z.string().max(10_000),
  negativePrompt: z.string().max(10_000).optional(),
  style: z.string().min(1).max(64),
  seed: z.number().int().nonnegative().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  model: z.string().max(200),
  provider: z.string().max(100),
  costUsd: z.number().nonnegative().optional(),
  /** The Motif version that wrote the file. */
  motifVersion: z.string().max(50),
});
export type EmbeddedSettings = z.infer<typeof embeddedSettingsSchema>;

/** The settings an entry's exported file carries. */
export function settingsOfEntry(entry: HistoryEntry, motifVersion: string): EmbeddedSettings {
  return {
    prompt: entry.prompt,
    ...(entry.negativePrompt ? { negativePrompt: entry.negativePrompt } : {}),
    style: entry.style,
    ...(entry.seed === undefined ? {} : { seed: entry.seed }),
    width: entry.width,
    height: entry.height,
    model: entry.model,
    provider: entry.provider,
    ...(entry.costUsd === undefined ? {} : { costUsd: entry.costUsd }),
    motifVersion,
  };
}

/**
 * The settings as text fields, one per setting, under `motif:` names: the PNG
 * text chunks and the XMP properties both come from this one list, and
 * reading either back goes through `settingsFromFields`.
 */
const SETTING_FIELDS = [
  ['prompt', 'Prompt'],
  ['negativePrompt', 'NegativePrompt'],
  ['style', 'Style'],
  ['seed', 'Seed'],
  ['width', 'Width'],
  ['height', 'Height'],
  ['model', 'Model'],
  ['provider', 'Provider'],
  ['costUsd', 'CostUsd'],
  ['motifVersion', 'Version'],
] as const satisfies readonly (readonly [keyof EmbeddedSettings, string])[];

/** Each setting as text, by its XMP property name (`Prompt`, `Seed`, …); absent settings are left out. */
export function settingFields(settings: EmbeddedSettings): [name: string, value: string][] {
  const fields: [string, string][] = [];
  for (const [key, name] of SETTING_FIELDS) {
    const value = settings[key];
    if (value !== undefined) fields.push([name, String(value)]);
  }
  return fields;
}

const NUMERIC = new Set<string>(['seed', 'width', 'height', 'costUsd']);

/** Rebuilds the settings from text fields read out of a file; undefined unless they are complete and valid. */
export function settingsFromFields(fields: ReadonlyMap<string, string>): EmbeddedSettings | undefined {
  if (!fields.has('Prompt') || !fields.has('Version')) return undefined;
  const value: Record<string, unknown> = {};
  for (const [key, name] of SETTING_FIELDS) {
    const text = fields.get(name);
    if (text === undefined) continue;
    value[key] = NUMERIC.has(key) ? Number(text) : text;
  }
  const parsed = embeddedSettingsSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
