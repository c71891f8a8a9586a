import type { z } from 'zod';

/** How the records of one log become lines and back; `decode` answers undefined for a line it cannot read. */
export interface LineCodec<R> {
  encode(record: R): string;
  decode(line: string): R | undefined;
}

/**
 * One JSON value per line, validated by `schema` on the way in. A torn,
 * non-JSON or unknown-shaped line decodes to undefined (the log keeps such
 * lines verbatim, never drops them).
 */
export function jsonLineCodec<S extends z.ZodType>(schema: S): LineCodec<z.infer<S>> {
  return {
    encode: (record) => `${JSON.stringify(record)}\n`,
    decode: (line) => {
      let value: unknown;
      try {
        // A byte-order mark (an editor's "UTF-8 with BOM") is not part of the record.
        value = JSON.parse(line.startsWith('\uFEFF') ? line.slice(1) : line);
      } catch {
        return undefined;
      }
      const parsed = schema.safeParse(value);
      return parsed.success ? parsed.data : undefined;
    },
  };
}
