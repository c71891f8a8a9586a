import type { Random } from '../../util/random.ts';

/**
 * Convenience draws over a seeded {@link Random}. Every layout decision goes
 * through one Dice, so the same seed always gives the same picture.
 */
export class Dice {
  readonly #random: Random;

  constructor(random: Random) {
    this.#random = random;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.#random();
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.#random();
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.#random() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.#random() < probability;
  }

  /** `value` moved by up to `amount` either way. */
  jitter(value: number, amount: number): number {
    return value + this.between(-amount, amount);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)] as T;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.#random() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }
}
