import type { ImageFormat } from '../../src/core/contract/image-request.ts';
import { MEDIA_TYPES } from '../../src/core/contract/image-request.ts';

/** What an emulator serves: the raster formats, and SVG (Runware's vectorize). */
type StoredFormat = ImageFormat | 'svg';

/** File extensions the emulators put in image URLs. */
const EXTENSIONS: Readonly<Record<StoredFormat, string>> = { png: 'png', jpeg: 'jpg', webp: 'webp', svg: 'svg' };
const STORED_MEDIA_TYPES: Readonly<Record<StoredFormat, string>> = { ...MEDIA_TYPES, svg: 'image/svg+xml' };

interface StoredImage {
  readonly bytes: Uint8Array;
  readonly format: StoredFormat;
}

/**
 * Images an emulator serves at `GET /img/<id>.<ext>`. Bounded (oldest out
 * first) so a long soak run does not grow without limit.
 */
export class ImageStore {
  readonly #images = new Map<string, StoredImage>();
  readonly #maxImages: number;
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxImages = 256, maxBytes = 256 * 1024 * 1024) {
    this.#maxImages = maxImages;
    this.#maxBytes = maxBytes;
  }

  /** Stores the image and returns its path, e.g. `/img/<id>.png`. */
  put(id: string, bytes: Uint8Array, format: StoredFormat): string {
    this.#images.delete(id);
    this.#images.set(id, { bytes, format });
    this.#bytes += bytes.byteLength;
    while (this.#images.size > this.#maxImages || (this.#bytes > this.#maxBytes && this.#images.size > 1)) {
      const oldest = this.#images.keys().next().value;
      if (oldest === undefined) break;
      this.#bytes -= this.#images.get(oldest)?.bytes.byteLength ?? 0;
      this.#images.delete(oldest);
    }
    return `/img/${id}.${EXTENSIONS[format]}`;
  }

  /** Looks up a request path like `/img/<id>.png`; undefined when unknown or the extension is wrong. */
  lookup(path: string): { bytes: Uint8Array; mediaType: string } | undefined {
    const match = /^\/img\/([\w-]+)\.(png|jpg|webp|svg)$/.exec(path);
    if (!match) return undefined;
    const image = this.#images.get(match[1] ?? '');
    if (!image || EXTENSIONS[image.format] !== match[2]) return undefined;
    return { bytes: image.bytes, mediaType: STORED_MEDIA_TYPES[image.format] };
  }

  /** The bytes stored under an id (an upload), or undefined. */
  bytesOf(id: string): Uint8Array | undefined {
    return this.#images.get(id)?.bytes;
  }

  get size(): number {
    return this.#images.size;
  }
}
