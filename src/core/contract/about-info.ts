import { z } from 'zod';

/** One bundled art set or font, with the licence its own package declares. */
const bundledCreditSchema = z.object({
  /** What it is, e.g. `Fredoka` or `Fluent Emoji (flat)`. */
  title: z.string(),
  kind: z.enum(['art', 'font']),
  /** The npm package it ships in, and its version. */
  package: z.string(),
  version: z.string(),
  /** SPDX licence id from the package, e.g. `OFL-1.1` or `MIT`. */
  licence: z.string(),
  author: z.string().optional(),
  homepage: z.string().optional(),
  /** The licence text's file inside the package, when it has one (it ships with the app). */
  licenceFile: z.string().optional(),
});
export type BundledCredit = z.infer<typeof bundledCreditSchema>;

/** What the About dialog and `motif --version` show. */
export const aboutInfoSchema = z.object({
  version: z.string(),
  /** Settings, jobs, ledger and breakers (MOTIF_DATA_DIR or the platform's user-data folder). */
  dataDir: z.string(),
  /** The image library, which may have been moved out of the data folder. */
  libraryDir: z.string(),
  runtime: z.object({ node: z.string(), electron: z.string().optional(), platform: z.string() }),
  credits: z.array(bundledCreditSchema),
});
export type AboutInfo = z.infer<typeof aboutInfoSchema>;
