import { MotifError } from '../core/errors/index.ts';
import type { RouteContext } from './route-context.ts';

/** Library entry ids are short tokens; anything else is refused before the library is asked. */
const ENTRY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** The `:id` parameter, checked strictly (no percent-encoding, no dots first, at most 100 characters). */
export function entryIdParam(ctx: RouteContext): string {
  const id = ctx.params.id ?? '';
  if (!ENTRY_ID.test(id)) throw new MotifError('invalid_request', { param: 'id', message: 'id: not a valid library entry id' });
  return id;
}

/** `GET /images/:id`: the original image bytes. */
export async function handleImage(ctx: RouteContext): Promise<void> {
  const image = await ctx.service.readImage(entryIdParam(ctx));
  sendImage(ctx, image);
}

/** `GET /images/:id/thumbnail`: the gallery thumbnail. */
export async function handleThumbnail(ctx: RouteContext): Promise<void> {
  const image = await ctx.service.readThumbnail(entryIdParam(ctx));
  sendImage(ctx, image);
}

function sendImage(ctx: RouteContext, image: { readonly bytes: Uint8Array; readonly mediaType: string }): void {
  const { res } = ctx;
  res.statusCode = 200;
  res.setHeader('content-type', /^image\/[\w.+-]+$/.test(image.mediaType) ? image.mediaType : 'application/octet-stream');
  res.setHeader('content-length', image.bytes.byteLength);
  // Entries never change; a deleted one answers 404 after the cache expires.
  res.setHeader('cache-control', 'private, max-age=3600');
  res.end(image.bytes);
}
