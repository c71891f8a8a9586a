import { z } from 'zod';

/**
 * Something Motif found wrong with one of its own files at start-up and what
 * it did about it: which file, what was kept, what was reset, where the old
 * copy went. Shown as a banner in the app, a warning on the CLI's stderr and
 * in `GET /motif/services/metrics`, so nothing is ever reset silently.
 */
export const dataNoticeSchema = z.object({
  /** The file or folder concerned, e.g. `settings.json`, `ledger.jsonl`, `jobs/`, `library`. */
  file: z.string().max(4096),
  /** A sentence for the designer. */
  message: z.string().max(2000),
});
export type DataNotice = z.infer<typeof dataNoticeSchema>;
