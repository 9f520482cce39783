import { createHash } from 'node:crypto';

/**
 * A small, fast, seedable PRNG (sfc32, from PractRand) whose whole state is four 32-bit
 * words, so a checkpoint can store it and a resumed run continues the same sequence.
 */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  private constructor(state: readonly number[]) {
    [this.#a, this.#b, this.#c, this.#d] = state.map((word) => word >>> 0) as [number, number, number, number];
  }

  /**
   * The stream named `name` under `seed`. Streams are derived by hashing, not by drawing from
   * a parent, so adding a stage never shifts the numbers another stage sees.
   */
  static derive(seed: number, name: string): Random {
    const digest = createHash('sha256').update(`granular:${seed}:${name}`).digest();
    const random = new Random([
      digest.readUInt32LE(0),
      digest.readUInt32LE(4),
      digest.readUInt32LE(8),
      digest.readUInt32LE(12),
    ]);
    for (let i = 0; i < 12; i++) random.uint32(); // sfc32's recommended warm-up
    return random;
  }

  static fromState(state: readonly number[]): Random {
    if (state.length !== 4 || state.some((word) => !Number.isInteger(word)))
      throw new Error('a Random state is four 32-bit integers');
    return new Random(state);
  }

  state(): number[] {
    return [this.#a, this.#b, this.#c, this.#d];
  }

  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`int(n) needs a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller; one of the pair is dropped to keep the state simple). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}
