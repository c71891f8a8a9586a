import { z } from 'zod';
import { excerpt, MotifError } from '../../errors/index.ts';

/** A successful `images/generations` body; extra fields are allowed (compatible services add their own). */
const imagesResponseSchema = z.object({
  created: z.number().optional(),
  data: z
    .array(
      z
        .object({
          b64_json: z.string().min(1).optional(),
          url: z.string().url().optional(),
          revised_prompt: z.string().optional(),
        })
        .refine((d) => d.b64_json !== undefined || d.url !== undefined, 'each image needs b64_json or url'),
    )
    .min(1),
  output_format: z.string().optional(),
  quality: z.string().optional(),
  size: z.string().optional(),
  usage: z.record(z.string(), z.unknown()).optional(),
});
export type ImagesResponse = z.infer<typeof imagesResponseSchema>;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function malformed(provider: string, status: number, body: string, reason: string, cause?: unknown): MotifError {
  return new MotifError('upstream_malformed', {
    message: `${provider} sent a reply that could not be read: ${reason}`,
    provider,
    cause,
    upstream: { provider, status, bodyExcerpt: excerpt(body) },
  });
}

/** Parses and validates the body; anything unexpected is `upstream_malformed`. */
export function parseImagesResponse(provider: string, status: number, body: string): ImagesResponse {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw malformed(provider, status, body, 'the body is not valid JSON', error);
  }
  const result = imagesResponseSchema.safeParse(json);
  if (!result.success)
    throw malformed(provider, status, body, result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return result.data;
}

/** Decodes strict base64 (Buffer.from alone would silently skip bad characters). */
export function decodeBase64(provider: string, value: string): Uint8Array {
  const clean = value.replace(/\s+/g, '');
  if (clean.length === 0 || clean.length % 4 !== 0 || !BASE64.test(clean)) {
    throw malformed(provider, 200, value, 'an image is not valid base64');
  }
  const buffer = Buffer.from(clean, 'base64');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
