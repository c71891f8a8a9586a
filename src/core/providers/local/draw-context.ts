import type { Dice } from './dice.ts';
import type { DecorationPalette } from './decoration-palette.ts';
import type { StyleTuning } from './style-tuning.ts';

/** Where a motif must not put scattered pieces (the badge, a balloon cluster…). */
export interface Zone {
  readonly cx: number;
  readonly cy: number;
  readonly rx: number;
  readonly ry: number;
}

export const insideZone = (zone: Zone, x: number, y: number): boolean =>
  ((x - zone.cx) / zone.rx) ** 2 + ((y - zone.cy) / zone.ry) ** 2 < 1;

/**
 * Shared `<defs>` (gradients, patterns). Keyed so a gradient used by many
 * balloons of one colour is written once.
 */
export class SvgDefs {
  readonly #entries = new Map<string, { id: string; markup: string }>();

  /** Returns the id for `key`, building the definition the first time. */
  once(key: string, build: (id: string) => string): string {
    const existing = this.#entries.get(key);
    if (existing) return existing.id;
    const id = `d${this.#entries.size}`;
    this.#entries.set(key, { id, markup: build(id) });
    return id;
  }

  toString(): string {
    return [...this.#entries.values()].map((e) => e.markup).join('');
  }
}

/** Everything a motif drawer needs: size, seeded dice, colours and shared defs. */
export interface DrawContext {
  readonly width: number;
  readonly height: number;
  /** The short side: motif sizes scale with it so non-square images keep proportions. */
  readonly unit: number;
  readonly dice: Dice;
  readonly palette: DecorationPalette;
  readonly tuning: StyleTuning;
  readonly defs: SvgDefs;
  /**
   * Draw the design on no background (the remove-background tool): the
   * backdrop is still worked out, so the seed's dice fall the same and the
   * rest of the design is unchanged, but it is left out.
   */
  readonly omitBackdrop?: boolean | undefined;
}
