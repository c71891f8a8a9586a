/** The privileged scheme main serves library images on: `motif-media://thumb/<id>`, `motif-media://image/<id>`. */
export const MEDIA_SCHEME = 'motif-media';

export const MEDIA_KINDS = ['thumb', 'image'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** The app's URL of an entry's thumbnail or image. */
export function appMediaUrl(kind: MediaKind, id: string): string {
  return `${MEDIA_SCHEME}://${kind}/${encodeURIComponent(id)}`;
}
