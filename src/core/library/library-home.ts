import { MotifError } from '../errors/motif-error.ts';
import type { Clock } from '../util/clock.ts';
import { Library, type LibraryExternalChange } from './library.ts';
import { moveLibraryFolder } from './move-library.ts';

/**
 * Where the library lives now. The library can move while the app runs, so
 * everything that reads it asks `current()` each time rather than keeping one.
 */
export class LibraryHome {
  readonly #clock: Clock;
  #library: Library;
  /** Told when another Motif process changed the library (see `Library.refresh`); set once by the service. */
  onExternalChange: ((change: LibraryExternalChange) => void) | undefined;

  constructor(library: Library, clock: Clock) {
    this.#library = library;
    this.#clock = clock;
  }

  /** Options for opening a library here, so one opened after a move reports changes too. */
  static options(
    clock: Clock,
    home: () => LibraryHome | undefined,
  ): { clock: Clock; onExternalChange: (change: LibraryExternalChange) => void } {
    return { clock, onExternalChange: (change) => home()?.onExternalChange?.(change) };
  }

  current(): Library {
    return this.#library;
  }

  /**
   * Moves the library (images, thumbnails, index) to an empty folder and opens
   * it there; `onMoved` records the new place (settings). On any failure the
   * library is opened again where it was.
   */
  async move(dir: string, onMoved: (dir: string) => void): Promise<void> {
    if (typeof dir !== 'string' || dir.length === 0 || dir.length > 4096) throw new MotifError('invalid_request', { param: 'dir' });
    const current = this.#library;
    await current.close();
    try {
      await moveLibraryFolder(current.dir, dir);
      this.#library = await Library.open(
        dir,
        LibraryHome.options(this.#clock, () => this),
      );
      onMoved(dir);
    } catch (error) {
      this.#library = await Library.open(
        current.dir,
        LibraryHome.options(this.#clock, () => this),
      );
      throw error instanceof MotifError
        ? error
        : new MotifError('library_io', { message: `Could not move the library: ${(error as Error).message}`, cause: error });
    }
  }

  close(): Promise<void> {
    return this.#library.close();
  }
}
