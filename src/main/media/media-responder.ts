import { toMotifError } from '../../core/errors/index.ts';
import type { MotifApi } from '../../core/service/motif-api.ts';
import { airSchema } from '../../core/contract/model-catalogue.ts';
import { entityIdSchema } from '../../shared/ipc-contract.ts';
import { MEDIA_KINDS, MEDIA_SCHEME, type MediaKind } from '../../shared/media-urls.ts';

/** A media request after parsing: which file of which entry. */
export interface MediaTarget {
  readonly kind: MediaKind;
  readonly id: string;
}

/**
 * Parses `motif-media://thumb/<id>` or `motif-media://image/<id>`. Anything
 * else — another scheme, a nested path, an id outside the contract — is
 * undefined, so no request string ever reaches the engine unchecked.
 */
export function parseMediaUrl(url: string, scheme: string = MEDIA_SCHEME): MediaTarget | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${scheme}:` || parsed.search !== '' || parsed.username !== '' || parsed.port !== '') return undefined;
  return mediaTargetOf(parsed.hostname, parsed.pathname);
}

/** Checks a kind and a `/<id>` path (shared by the app's scheme and the test harness's HTTP route). */
export function mediaTargetOf(kind: string, pathname: string): MediaTarget | undefined {
  if (!(MEDIA_KINDS as readonly string[]).includes(kind)) return undefined;
  const segments = pathname.split('/');
  if (segments.length !== 2 || segments[0] !== '') return undefined;
  let id: string;
  try {
    id = decodeURIComponent(segments[1] ?? '');
  } catch {
    return undefined;
  }
  const checked = (kind === 'preview' ? airSchema : entityIdSchema).safeParse(id);
  return checked.success ? { kind: kind as MediaKind, id: checked.data } : undefined;
}

const STATUS_BY_CODE: Readonly<Record<string, number>> = { not_found: 404, invalid_request: 400 };
/** A preview main could not fetch is the upstream's failure (offline, no key), not ours: no error log. */
const UPSTREAM_STATUS = 502;

type MediaService = Pick<MotifApi, 'readImage' | 'readThumbnail' | 'readModelPreview'>;

function readMedia(service: MediaService, target: MediaTarget): Promise<{ readonly bytes: Uint8Array; readonly mediaType: string }> {
  if (target.kind === 'thumb') return service.readThumbnail(target.id);
  if (target.kind === 'preview') return service.readModelPreview(target.id);
  return service.readImage(target.id);
}

/**
 * Answers a media request with the entry's bytes from the engine. Library
 * files are content-addressed, so a URL's bytes never change and may be cached.
 */
export async function respondWithMedia(service: MediaService, target: MediaTarget | undefined, method = 'GET'): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
  if (!target) return new Response(null, { status: 400 });
  try {
    const file = await readMedia(service, target);
    return new Response(method === 'HEAD' ? null : new Uint8Array(file.bytes), {
      status: 200,
      headers: {
        'content-type': file.mediaType,
        'content-length': String(file.bytes.byteLength),
        // Library files are content-addressed; a preview may change upstream, so it is kept for an hour.
        'cache-control': target.kind === 'preview' ? 'private, max-age=3600' : 'private, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (error) {
    const failure = toMotifError(error);
    const status = STATUS_BY_CODE[failure.code] ?? (target.kind === 'preview' && failure.provider !== undefined ? UPSTREAM_STATUS : 500);
    if (status === 500) console.error(`Could not serve ${target.kind} ${target.id}`, error);
    return new Response(null, { status });
  }
}
