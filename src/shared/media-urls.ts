/**
 * The privileged scheme main serves images on: library entries at `motif-media://thumb/<id>` and
 * `motif-media://image/<id>`, catalogue model previews (fetched by main) at `motif-media://preview/<air>`.
 */
export const MEDIA_SCHEME = 'motif-media';

export const MEDIA_KINDS = ['thumb', 'image', 'preview'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** The app's URL of an entry's thumbnail or image, or of a catalogue model's preview. */
export function appMediaUrl(kind: MediaKind, id: string): string {
  return `${MEDIA_SCHEME}://${kind}/${encodeURIComponent(id)}`;
}
