import type { Session } from 'electron';
import type { MotifApi } from '../../core/service/motif-api.ts';
import { MEDIA_SCHEME } from '../../shared/media-urls.ts';
import { parseMediaUrl, respondWithMedia } from './media-responder.ts';

/**
 * How `motif-media:` is declared before the app is ready (Electron requires it
 * then): a standard, secure scheme so `<img>` loads it under the CSP, with no
 * privilege to bypass the CSP and no CORS.
 */
export const MEDIA_SCHEME_PRIVILEGES = {
  scheme: MEDIA_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, bypassCSP: false, corsEnabled: false, stream: false },
} as const;

/** Serves `motif-media://thumb/<id>` and `motif-media://image/<id>` from the engine's library, and `motif-media://preview/<air>` from its model catalogue, for one session. */
export function handleMediaProtocol(session: Session, service: Pick<MotifApi, 'readImage' | 'readThumbnail' | 'readModelPreview'>): void {
  session.protocol.handle(MEDIA_SCHEME, (request) => respondWithMedia(service, parseMediaUrl(request.url), request.method));
}
