import { z } from 'zod';
import { jsonLineCodec } from './json-line-codec.ts';
import { historyEntrySchema, storedEntrySchema, type HistoryEntry } from '../contract/history-entry.ts';

const idSchema = historyEntrySchema.shape.id;

const atSchema = z.number().int().nonnegative();

/**
 * One line of `index.jsonl`. The log is append-only; opening the library
 * replays it in order:
 * - `put` adds an entry (or replaces one with the same id);
 * - `fav` sets an entry's favourite flag;
 * - `del` removes entries (their files go to `trash/<token>/`);
 * - `restore` brings deleted entries back in one line, so an undo is all or nothing.
 */
const indexRecordSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), entry: storedEntrySchema }),
  z.object({ op: z.literal('fav'), id: idSchema, favourite: z.boolean(), at: atSchema }),
  z.object({ op: z.literal('del'), ids: z.array(idSchema).min(1), at: atSchema, token: z.string().max(100).optional() }),
  z.object({ op: z.literal('restore'), entries: z.array(storedEntrySchema).min(1), at: atSchema, token: z.string().max(100).optional() }),
]);
export type IndexRecord = z.infer<typeof indexRecordSchema>;

/** How `index.jsonl` lines are read and written: torn, corrupt or unknown lines decode to undefined and are kept verbatim, never dropped. */
export const indexRecordCodec = jsonLineCodec(indexRecordSchema);

/** One record as a log line, newline included. */
export const encodeIndexRecord = indexRecordCodec.encode;

/** Where records are replayed: a Map while opening, the live catalog when another process's lines are read in. */
interface EntryState {
  get(id: string): HistoryEntry | undefined;
  set(id: string, entry: HistoryEntry): unknown;
  delete(id: string): unknown;
}

/** Applies one record to the state being rebuilt at open: the log's meaning in one place. */
export function replayIndexRecord(state: EntryState, record: IndexRecord): void {
  switch (record.op) {
    case 'put':
      state.set(record.entry.id, record.entry);
      break;
    case 'fav': {
      const entry = state.get(record.id);
      if (entry !== undefined) state.set(record.id, { ...entry, favourite: record.favourite });
      break;
    }
    case 'del':
      for (const id of record.ids) state.delete(id);
      break;
    case 'restore':
      for (const entry of record.entries) state.set(entry.id, entry);
      break;
  }
}
