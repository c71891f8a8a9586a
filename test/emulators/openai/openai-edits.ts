import type { IncomingMessage } from 'node:http';
import sharp from 'sharp';
import { jsonReply, type HttpReply } from '../emulator-http.ts';
import { invalidRequest } from './openai-errors.ts';

const SIZES = new Set(['256x256', '512x512', '1024x1024', '1536x1024', '1024x1536']);

/**
 * `POST /v1/images/edits` (multipart: `image`, optional `mask`, `prompt`, `n`,
 * `size`, `model`): each result is the input really reworked, resized to `size`
 * and, where the mask is transparent (the area to edit), repainted, so tests can
 * check that the edit landed where asked.
 */
export async function editImage(req: IncomingMessage, body: Buffer): Promise<HttpReply> {
  let form: FormData;
  try {
    form = await new Request('http://emulator/v1/images/edits', {
      method: 'POST',
      headers: { 'content-type': String(req.headers['content-type'] ?? '') },
      body: new Uint8Array(body),
    }).formData();
  } catch {
    return invalidRequest('Invalid multipart body.', null, null);
  }
  const image = form.get('image');
  const mask = form.get('mask');
  const prompt = form.get('prompt');
  if (!(image instanceof Blob)) return invalidRequest("Missing required parameter: 'image'.", 'image', 'missing_required_parameter');
  if (typeof prompt !== 'string' || prompt.trim() === '')
    return invalidRequest("Missing required parameter: 'prompt'.", 'prompt', 'missing_required_parameter');
  const size = String(form.get('size') ?? '1024x1024');
  if (!SIZES.has(size)) return invalidRequest(`Invalid size '${size}'.`, 'size', 'invalid_value');
  const n = Number(form.get('n') ?? 1);
  if (!Number.isInteger(n) || n < 1 || n > 10) return invalidRequest('n must be 1–10.', 'n', 'invalid_value');
  const [width, height] = size.split('x').map(Number) as [number, number];
  const input = Buffer.from(await image.arrayBuffer());
  let base: Buffer;
  try {
    base = await sharp(input).resize(width, height, { fit: 'fill' }).removeAlpha().png().toBuffer();
  } catch {
    return invalidRequest('The image is not a readable PNG, JPEG or WebP.', 'image', 'invalid_image');
  }
  const maskAlpha = mask instanceof Blob ? await alphaOf(Buffer.from(await mask.arrayBuffer()), width, height) : undefined;
  const data = [];
  for (let i = 0; i < n; i += 1) {
    const { data: pixels } = await sharp(base).raw().toBuffer({ resolveWithObject: true });
    // Repaint: a colour per result, where the mask is transparent (or everywhere without a mask, lightly).
    const tint = [(i * 97 + 40) % 256, (i * 53 + 160) % 256, (i * 29 + 220) % 256];
    for (let p = 0; p < width * height; p += 1) {
      const edit = maskAlpha === undefined ? 0.25 : maskAlpha[p]! < 128 ? 1 : 0;
      for (let c = 0; c < 3; c += 1) pixels[p * 3 + c] = Math.round(pixels[p * 3 + c]! * (1 - edit) + tint[c]! * edit);
    }
    const png = await sharp(pixels, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer();
    data.push({ b64_json: png.toString('base64') });
  }
  return jsonReply(200, { created: 1_700_000_000, data });
}

async function alphaOf(mask: Buffer, width: number, height: number): Promise<Uint8Array> {
  const { data } = await sharp(mask)
    .resize(width, height, { fit: 'fill' })
    .ensureAlpha()
    .extractChannel(3)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return data;
}
