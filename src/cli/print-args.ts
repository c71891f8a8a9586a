import { PAPER_PRESET_IDS, type PaperPresetId, type PrintSize } from '../core/contract/print-request.ts';
import { usageError } from './cli-errors.ts';

/** A length such as `3mm`, `0.125in` or `3` (millimetres), in millimetres. */
export function parseLengthMm(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(mm|in|cm)?\s*$/i.exec(value);
  if (!match) throw usageError(flag, `must be a length like 3mm or 0.125in, got "${value.slice(0, 40)}"`);
  const number = Number(match[1]);
  const unit = (match[2] ?? 'mm').toLowerCase();
  return unit === 'in' ? number * 25.4 : unit === 'cm' ? number * 10 : number;
}

/** A size: a preset (`a4`, `5x7`, `letter`…) or a custom `WxH` with `mm` (default) or `in`. */
export function parseSize(value: string | undefined, flag: string): PrintSize | undefined {
  if (value === undefined) return undefined;
  const lower = value.trim().toLowerCase();
  if ((PAPER_PRESET_IDS as readonly string[]).includes(lower)) return { preset: lower as PaperPresetId };
  const match = /^(\d+(?:\.\d+)?)\s*x\s*(\d+(?:\.\d+)?)\s*(mm|in)?$/.exec(lower);
  if (!match)
    throw usageError(
      flag,
      `must be one of ${PAPER_PRESET_IDS.join(', ')} or a custom size like 100x150mm or 4x9in, got "${value.slice(0, 40)}"`,
    );
  return { width: Number(match[1]), height: Number(match[2]), unit: (match[3] ?? 'mm') as 'mm' | 'in' };
}

/** One of `choices`, or a usage error naming the flag. */
export function parseChoice<T extends string>(value: string | undefined, flag: string, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value))
    throw usageError(flag, `must be one of ${choices.join(', ')}, got "${value.slice(0, 40)}"`);
  return value as T;
}

/** A number within a range (decimals allowed). */
export function parseNumber(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || number < min || number > max)
    throw usageError(flag, `must be a number from ${min} to ${max}, got "${value.slice(0, 40)}"`);
  return number;
}

/** Drops keys whose value is undefined, so zod defaults apply. */
export function defined<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
