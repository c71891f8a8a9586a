import type { FastifyReply, FastifyRequest } from 'fastify';
import { MotifError } from '../core/errors/index.ts';
import type { MotifApi } from '../core/service/motif-api.ts';
import type { RegisterRoutes } from './route-context.ts';

/** Library entry ids are short tokens; anything else is refused before the library is asked. */
const ENTRY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** The `:id` parameter, checked strictly (no dots first, no separators, at most 100 characters). */
export function entryIdParam(params: unknown): string {
  const id = (params as { readonly id?: unknown } | undefined)?.id;
  if (typeof id !== 'string' || !ENTRY_ID.test(id))
    throw new MotifError('invalid_request', { param: 'id', message: 'id: not a valid library entry id' });
  return id;
}

type ImageReader = (id: string) => ReturnType<MotifApi['readImage']>;

/** `GET /images/:id` (the original bytes) and `GET /images/:id/thumbnail` (the gallery thumbnail). */
export const registerImageRoutes: RegisterRoutes = (app, service) => {
  app.get(
    '/images/:id',
    { config: { auth: true } },
    serveImage((id) => service.readImage(id)),
  );
  app.get(
    '/images/:id/thumbnail',
    { config: { auth: true } },
    serveImage((id) => service.readThumbnail(id)),
  );
};

function serveImage(read: ImageReader) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<Buffer> => {
    const image = await read(entryIdParam(request.params));
    reply.type(/^image\/[\w.+-]+$/.test(image.mediaType) ? image.mediaType : 'application/octet-stream');
    // Entries never change; a deleted one answers 404 after the cache expires.
    reply.header('cache-control', 'private, max-age=3600');
    return Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength);
  };
}
