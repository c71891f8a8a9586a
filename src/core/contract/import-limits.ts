/**
 * What an import accepts: image files up to 50 MB, sides up to 16,384 px, at
 * most 100 megapixels decoded; zip files up to 512 MB holding at most 10,000
 * entries that unpack to at most 2 GB (a zip bomb is refused before anything
 * in it is unpacked).
 */
export const IMPORT_LIMITS = {
  maxBytes: 50 * 1024 * 1024,
  maxSide: 16_384,
  maxPixels: 100_000_000,
  maxZipBytes: 512 * 1024 * 1024,
  maxZipEntries: 10_000,
  maxZipUnpackedBytes: 2 * 1024 * 1024 * 1024,
} as const;
