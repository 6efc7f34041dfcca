/**
 * The demo generator's only source of randomness: mulberry32, seeded. Every person gets a generator of their own,
 * derived from (seed, project, person number), so a person's rows do not depend on how many numbers were drawn for
 * anyone else and a dataset can be regenerated table by table with identical results.
 */

export type Weighted<T> = readonly (readonly [T, number])[];

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  uniform(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Standard normal (Box–Muller; one value per call keeps the draw count per call fixed). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Number of failures before the first success when each trial stops with probability 1/(mean+1). */
  geometric(mean: number): number {
    const p = 1 / (mean + 1);
    return Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }
}

export function createRng(seed: number): Rng {
  return new Rng(seed);
}

/** Mixes a seed with labels and numbers into a well-spread 32-bit seed (FNV-1a, then murmur3's finaliser). */
export function deriveSeed(seed: number, ...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of [seed, ...parts]) {
    const text = `${part}\u0001`;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A picker over weighted choices, with the cumulative table computed once. */
export function weighted<T>(choices: Weighted<T>): (rng: Rng) => T {
  const values = choices.map(([value]) => value);
  const cumulative: number[] = [];
  let total = 0;
  for (const [, weight] of choices) cumulative.push((total += weight));
  if (!(total > 0)) throw new Error("weighted() needs a positive total weight");
  return (rng) => {
    const x = rng.next() * total;
    let i = 0;
    while (i < cumulative.length - 1 && (cumulative[i] as number) <= x) i++;
    return values[i] as T;
  };
}
