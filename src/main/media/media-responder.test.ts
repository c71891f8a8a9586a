import { describe, expect, it } from 'vitest';
import { MotifError } from '../../core/errors/index.ts';
import { parseMediaUrl, respondWithMedia } from './media-responder.ts';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
const service = {
  readThumbnail: async (id: string) => {
    if (id !== 'entry_1') throw new MotifError('not_found', { message: `No entry ${id}` });
    return { bytes: png, mediaType: 'image/webp' };
  },
  readImage: async (id: string) => {
    if (id === 'broken') throw new Error('EIO');
    return { bytes: png, mediaType: 'image/png' };
  },
  readModelPreview: async (air: string) => {
    if (air === 'civitai:1@1') throw new MotifError('connection_lost', { provider: 'runware' });
    return { bytes: png, mediaType: 'image/webp' };
  },
};

describe('parseMediaUrl', () => {
  it('reads the kind and the id', () => {
    expect(parseMediaUrl('motif-media://thumb/entry_1')).toEqual({ kind: 'thumb', id: 'entry_1' });
    expect(parseMediaUrl('motif-media://image/01J9Z%3Aabc')).toEqual({ kind: 'image', id: '01J9Z:abc' });
  });

  it.each([
    'motif-media://thumb/%2e%2e%2fsecrets.json',
    'motif-media://thumb/a/b',
    'motif-media://thumb/',
    'motif-media://other/entry_1',
    'motif-media://thumb/entry_1?x=1',
    'file:///thumb/entry_1',
    'https://thumb/entry_1',
    'motif-media://thumb/%E0%A4%A',
    'motif-media://user@thumb/entry_1',
  ])('refuses %s', (url) => {
    expect(parseMediaUrl(url)).toBeUndefined();
  });

  it('reads a catalogue preview by its model id, and nothing else under that kind', () => {
    expect(parseMediaUrl('motif-media://preview/civitai%3A618692%40691639')).toEqual({ kind: 'preview', id: 'civitai:618692@691639' });
    expect(parseMediaUrl('motif-media://preview/entry_1')).toBeUndefined();
    expect(parseMediaUrl('motif-media://preview/https%3A%2F%2Fevil.example%2Fx.png')).toBeUndefined();
  });

  it('never lets a dot segment reach the engine', () => {
    // URL parsing resolves `..` away; the id left is a plain lookup key, never a path.
    expect(parseMediaUrl('motif-media://thumb/../secrets.json')).toEqual({ kind: 'thumb', id: 'secrets.json' });
    expect(parseMediaUrl('motif-media://thumb/..')).toBeUndefined();
  });
});

describe('respondWithMedia', () => {
  it('serves the bytes with their type, cacheable', async () => {
    const response = await respondWithMedia(service, { kind: 'thumb', id: 'entry_1' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(png);
  });

  it('answers 404 for an unknown entry, 400 for a bad URL, 405 for other methods, 500 for a failure', async () => {
    expect((await respondWithMedia(service, { kind: 'thumb', id: 'nope' })).status).toBe(404);
    expect((await respondWithMedia(service, undefined)).status).toBe(400);
    expect((await respondWithMedia(service, { kind: 'image', id: 'entry_1' }, 'POST')).status).toBe(405);
    expect((await respondWithMedia(service, { kind: 'image', id: 'broken' })).status).toBe(500);
  });

  it('serves a model preview for an hour, and answers 502 when the upstream cannot be reached', async () => {
    const response = await respondWithMedia(service, { kind: 'preview', id: 'civitai:618692@691639' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, max-age=3600');
    expect((await respondWithMedia(service, { kind: 'preview', id: 'civitai:1@1' })).status).toBe(502);
  });
});
