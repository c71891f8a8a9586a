import type { StyleId } from '../../contract/styles.ts';

export type BadgeShape = 'circle' | 'rosette' | 'frame' | 'arch';
export type FlagShape = 'triangle' | 'swallowtail' | 'scallop';

/** How the offline engine dresses each style beyond its palette. */
export interface StyleTuning {
  /** Scales how many scattered pieces are drawn; minimal is sparse on purpose. */
  readonly density: number;
  readonly badges: readonly BadgeShape[];
  readonly flags: readonly FlagShape[];
  /** Flat styles skip gradients and shadows. */
  readonly flat: boolean;
  /** Geometric styles trade wallpaper patterns for bold corner shapes and small dot and stripe blocks. */
  readonly geometric: boolean;
}

export const STYLE_TUNING: Readonly<Record<StyleId, StyleTuning>> = {
  party: { density: 1, badges: ['rosette', 'circle'], flags: ['triangle', 'swallowtail'], flat: false, geometric: false },
  birthday: { density: 0.9, badges: ['circle', 'rosette', 'frame'], flags: ['triangle', 'scallop'], flat: false, geometric: false },
  wedding: { density: 0.55, badges: ['arch', 'frame', 'circle'], flags: ['scallop', 'swallowtail'], flat: false, geometric: false },
  'baby-shower': { density: 0.75, badges: ['circle', 'rosette'], flags: ['scallop', 'triangle'], flat: false, geometric: false },
  holiday: { density: 0.85, badges: ['circle', 'frame'], flags: ['triangle', 'swallowtail'], flat: false, geometric: false },
  minimal: { density: 0.4, badges: ['circle', 'frame'], flags: ['triangle'], flat: true, geometric: true },
};
