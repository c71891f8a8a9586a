import { join } from 'node:path';
import type { ImageFormat } from '../contract/image-request.ts';
import { storedExtension } from './image-format.ts';

/**
 * The folder layout of a library:
 * - `images/<sha256>.<ext>` content-addressed originals;
 * - `images/<sha256>.json` the entry last saved with that image (a sidecar), so
 *   a lost index can be rebuilt from the folder;
 * - `thumbs/<sha256>.webp` gallery thumbnails;
 * - `vectors/<sha256>.svg` an image's SVG twin (offline designs), named by the image's hash;
 * - `index.jsonl` the append-only log of records;
 * - `index.snapshot` a cache of the replayed log, newest first, so a big library opens fast (see `index-snapshot.ts`);
 * - `projects.jsonl` the append-only log of projects, what is filed in them, and tags;
 * - `trash/<token>/` what a delete moved away, kept for the undo window;
 * - `locks/<pid>-<random>.json` one per Motif process with the library open (see `library-presence.ts`);
 * - `tmp/` temp files of in-flight writes. They live apart from `images/` so the
 *   sweep at open empties one small folder instead of listing 100,000 images.
 */
export class LibraryPaths {
  readonly dir: string;
  readonly images: string;
  readonly thumbs: string;
  readonly vectors: string;
  readonly trash: string;
  readonly tmp: string;
  readonly locks: string;
  readonly index: string;
  readonly snapshot: string;
  /** Lines that could not be read, set aside here by a repair once their images are accounted for. */
  readonly corruptLines: string;
  readonly projects: string;
  /** Unreadable lines of `projects.jsonl`, set aside here by a repair. */
  readonly projectsCorruptLines: string;

  constructor(dir: string) {
    this.dir = dir;
    this.images = join(dir, 'images');
    this.thumbs = join(dir, 'thumbs');
    this.vectors = join(dir, 'vectors');
    this.trash = join(dir, 'trash');
    this.tmp = join(dir, 'tmp');
    this.locks = join(dir, 'locks');
    this.index = join(dir, 'index.jsonl');
    this.snapshot = join(dir, 'index.snapshot');
    this.corruptLines = join(dir, 'index-corrupt-lines.jsonl');
    this.projects = join(dir, 'projects.jsonl');
    this.projectsCorruptLines = join(dir, 'projects-corrupt-lines.jsonl');
  }

  image(hash: string, format: ImageFormat): string {
    return join(this.images, `${hash}.${storedExtension(format)}`);
  }

  sidecar(hash: string): string {
    return join(this.images, `${hash}.json`);
  }

  /** The SVG twin of the image with this hash. */
  vector(hash: string): string {
    return join(this.vectors, `${hash}.svg`);
  }

  thumb(hash: string): string {
    return join(this.thumbs, `${hash}.webp`);
  }

  trashDir(token: string): string {
    return join(this.trash, token);
  }

  trashImage(token: string, hash: string, format: ImageFormat): string {
    return join(this.trash, token, `${hash}.${storedExtension(format)}`);
  }

  trashThumb(token: string, hash: string): string {
    return join(this.trash, token, `${hash}.thumb.webp`);
  }

  trashSidecar(token: string, hash: string): string {
    return join(this.trash, token, `${hash}.json`);
  }

  trashVector(token: string, hash: string): string {
    return join(this.trash, token, `${hash}.svg`);
  }

  trashManifest(token: string): string {
    return join(this.trash, token, 'manifest.json');
  }
}
