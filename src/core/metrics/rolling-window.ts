/**
 * A fixed-size ring of recent samples. Bounded memory whatever the traffic,
 * which keeps telemetry cheap in a process that runs all day.
 */
export class RollingWindow {
  readonly capacity: number;
  readonly #values: Float64Array;
  #next = 0;
  #count = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#values = new Float64Array(capacity);
  }

  push(value: number): void {
    this.#values[this.#next] = value;
    this.#next = (this.#next + 1) % this.capacity;
    this.#count = Math.min(this.#count + 1, this.capacity);
  }

  get count(): number {
    return this.#count;
  }

  /** Samples oldest first. */
  toArray(): number[] {
    const out: number[] = [];
    const start = this.#count < this.capacity ? 0 : this.#next;
    for (let i = 0; i < this.#count; i += 1) out.push(this.#values[(start + i) % this.capacity]!);
    return out;
  }

  mean(): number | null {
    if (this.#count === 0) return null;
    let sum = 0;
    for (let i = 0; i < this.#count; i += 1) sum += this.#values[i]!;
    return sum / this.#count;
  }

  /** The q-quantile (0..1) by nearest rank. */
  quantile(q: number): number | null {
    if (this.#count === 0) return null;
    const sorted = Array.from(this.#values.subarray(0, this.#count)).sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return sorted[rank]!;
  }
}
