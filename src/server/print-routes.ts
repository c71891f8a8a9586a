import { z } from 'zod';
import { printRequestSchema } from '../core/contract/print-request.ts';
import { MotifError } from '../core/errors/index.ts';
import type { RegisterRoutes } from './route-context.ts';

const MEDIA_TYPES: Readonly<Record<string, string>> = { pdf: 'application/pdf', png: 'image/png', tif: 'image/tiff', svg: 'image/svg+xml' };

/** `?part=` picks a file that goes beside the print file: a sticker sheet's cut SVG or sticker PNG, a pattern's preview. */
const printQuerySchema = z.strictObject({ part: z.enum(['print', 'cut', 'preview', 'sticker']).default('print') });

/**
 * `POST /motif/print/preflight`: page geometry and each design's effective
 * ppi for a print request. `POST /motif/print`: the print file itself
 * (PDF, PNG or TIFF; `?part=cut|sticker|preview` for the files beside it),
 * with `x-motif-pages`. The body is the same print request the app and the
 * CLI send (`product`: print, stickers, bunting or pattern).
 */
export const registerPrintRoutes: RegisterRoutes = (app, service) => {
  app.post('/motif/print/preflight', { schema: { body: printRequestSchema }, config: { auth: true } }, async (request) =>
    service.printPreflight(request.body),
  );

  app.post(
    '/motif/print',
    { schema: { body: printRequestSchema, querystring: printQuerySchema }, config: { auth: true } },
    async (request, reply) => {
      const rendering = await service.printRender(request.body);
      const file = rendering.files.find((candidate) => candidate.role === request.query.part);
      if (file === undefined)
        throw new MotifError('not_found', { param: 'part', message: `This print product has no "${request.query.part}" file.` });
      reply.type(MEDIA_TYPES[file.extension] ?? 'application/octet-stream');
      reply.header('x-motif-pages', String(rendering.pages));
      reply.header(
        'content-disposition',
        `attachment; filename="motif-${request.body.product}${file.role === 'print' ? '' : `-${file.role}`}.${file.extension}"`,
      );
      return Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
    },
  );
};
