/** What an import accepts: files up to 50 MB, sides up to 16,384 px, at most 100 megapixels decoded. */
export const IMPORT_LIMITS = { maxBytes: 50 * 1024 * 1024, maxSide: 16_384, maxPixels: 100_000_000 } as const;
