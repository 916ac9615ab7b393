/**
 * Deterministic choices for the bench corpora: a stable order by hash (so a 1/10 subset is
 * inside the 1/3 subset, which is inside the whole) and a seeded sample. Pure.
 */
import { createHash } from "node:crypto";
import { seededRandom } from "../core/seeded-random.js";

/** A stable 32-bit number for a string (first bytes of its SHA-1). */
export function stableHash(key: string): number {
  return createHash("sha1").update(key).digest().readUInt32BE(0);
}

/** Items in a stable pseudo-random order: by hash of their key, ties by key. */
export function hashOrder<T>(items: readonly T[], key: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, k: key(item), h: stableHash(key(item)) }))
    .sort((a, b) => a.h - b.h || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.item);
}

/**
 * The first ceil(n × fraction) items of the hash order. Subsets of one list are nested: every
 * item of the 1/10 subset is in the 1/3 subset.
 */
export function subsetByHash<T>(items: readonly T[], fraction: number, key: (item: T) => string): T[] {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`fraction must be in (0, 1], got ${fraction}`);
  return hashOrder(items, key).slice(0, Math.ceil(items.length * fraction));
}

/** n items drawn without replacement by a seeded shuffle, in drawn order (all items when n ≥ length). */
export function seededSample<T>(items: readonly T[], n: number, seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}
