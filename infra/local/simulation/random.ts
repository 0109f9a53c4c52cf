/**
 * A small seeded pseudo-random generator for the cohort simulator: the same seed gives the same
 * cohort and the same coaches' answers. sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator), seeded through splitmix32 so that nearby seeds give unrelated sequences. Plain code,
 * no I/O; not for anything secret.
 */

/** A 32-bit hash step (splitmix32): spreads a seed over the generator's four words. */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number;
  /** A number in [min, max). */
  between(min: number, max: number): number;
  /** A number in [min, max) whose logarithm is uniform: as many minutes as hours as days. */
  logBetween(min: number, max: number): number;
  /** One item of a non-empty list, each as likely. */
  pick<T>(items: readonly T[]): T;
  /** One key of a table of weights (weights need not add up to 1). */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  /** A generator of its own, derived from this one and `label` (same seed, same label: same). */
  fork(label: string | number): Random;
}

/** Folds a label into 32 bits (FNV-1a), to derive a sub-generator per person or per purpose. */
export function hashLabel(label: string | number): number {
  const text = String(label);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function seededRandom(seed: number): Random {
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const nextWord = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t >>> 0;
  };
  // The first outputs of sfc32 still show the seed: discard a few.
  for (let i = 0; i < 12; i += 1) nextWord();
  const random: Random = {
    next: () => nextWord() / 4_294_967_296,
    chance: (p) => random.next() < p,
    int: (min, max) => min + Math.floor(random.next() * (max - min + 1)),
    between: (min, max) => min + random.next() * (max - min),
    logBetween: (min, max) => Math.exp(Math.log(min) + random.next() * (Math.log(max) - Math.log(min))),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(random.next() * items.length)] as T;
    },
    weighted: <K extends string>(weights: Readonly<Record<K, number>>): K => {
      const entries = Object.entries(weights) as [K, number][];
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      if (entries.length === 0 || total <= 0) throw new Error('weighted pick with no weight');
      let draw = random.next() * total;
      for (const [key, weight] of entries) {
        draw -= weight;
        if (draw < 0) return key;
      }
      return (entries[entries.length - 1] as [K, number])[0];
    },
    fork: (label) => seededRandom((nextWordPeek() ^ hashLabel(label)) >>> 0),
  };
  // A fork depends on the seed and the label, not on how much of this generator was used.
  const origin = seed >>> 0;
  function nextWordPeek(): number {
    return splitmix32(origin ^ 0x5bd1e995)();
  }
  return random;
}
