import type { GeneratedImage } from '../../contract/image-provider.ts';
import type { ImageFormat } from '../../contract/image-request.ts';
import { sniffImageFormat } from '../../contract/image-format.ts';
import { readImageItem } from './runware-image-model.ts';
import type { RunwareDataItem } from './runware-protocol.ts';

export interface RunwareImageCollectorOptions {
  readonly provider: string;
  /** The format asked for; used when the bytes' own magic number is not recognised. */
  readonly format: ImageFormat;
  /** The size asked for, after snapping. */
  readonly width: number;
  readonly height: number;
  readonly onImage: ((image: GeneratedImage, index: number) => void) | undefined;
  readonly onFirstItem: () => void;
  /** Fetches a URL output under the caller's signal. */
  readonly download: (url: string) => Promise<Uint8Array>;
  readonly onCallbackError: (error: unknown) => void;
}

/**
 * Turns response items into `GeneratedImage`s as they arrive and hands each to `onImage`
 * at once, so the UI can show image 1 while image 3 is still rendering. Inline images are
 * ready immediately; URL outputs are downloaded in parallel and reported when fetched.
 */
export class RunwareImageCollector {
  readonly #options: RunwareImageCollectorOptions;
  readonly #images: (GeneratedImage | undefined)[] = [];
  readonly #downloads: Promise<void>[] = [];
  #costUsd: number | undefined;

  constructor(options: RunwareImageCollectorOptions) {
    this.#options = options;
  }

  /** Accepts one item; throws `upstream_malformed` when it is unusable (this fails the task). */
  readonly accept = (item: RunwareDataItem, index: number): void => {
    if (index === 0) this.#options.onFirstItem();
    const image = readImageItem(item, this.#options.provider);
    if (image.costUsd !== undefined) this.#costUsd = (this.#costUsd ?? 0) + image.costUsd;
    if (image.bytes !== undefined) {
      this.#publish(this.#toImage(image.bytes, image.seed, image.costUsd), index);
      return;
    }
    const url = image.url as string;
    this.#images[index] = undefined;
    const download = this.#options.download(url).then((bytes) => this.#publish(this.#toImage(bytes, image.seed, image.costUsd), index));
    // Observed here too, so a download failing after the task already failed is not an unhandled rejection.
    download.catch(() => {});
    this.#downloads.push(download);
  };

  /** Waits for any downloads, then returns the images in arrival order. */
  async finish(): Promise<GeneratedImage[]> {
    await Promise.all(this.#downloads);
    return this.#images.filter((image): image is GeneratedImage => image !== undefined);
  }

  /** Sum of the reported costs; undefined when Runware reported none. */
  get costUsd(): number | undefined {
    return this.#costUsd;
  }

  #toImage(bytes: Uint8Array, seed: number | undefined, costUsd: number | undefined): GeneratedImage {
    const { format, width, height } = this.#options;
    return { bytes, format: sniffImageFormat(bytes) ?? format, width, height, seed, costUsd };
  }

  #publish(image: GeneratedImage, index: number): void {
    this.#images[index] = image;
    try {
      this.#options.onImage?.(image, index);
    } catch (error) {
      // The caller's display callback failing must not fail a generation already paid for.
      this.#options.onCallbackError(error);
    }
  }
}
