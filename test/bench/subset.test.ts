import { describe, expect, it } from "vitest";
import { hashOrder, seededSample, stableHash, subsetByHash } from "../../src/bench/subset.js";

const files = Array.from({ length: 3475 }, (_, i) => `行政法规/条例${i}.md`);
const id = (s: string) => s;

describe("corpus subsets", () => {
  it("when subsets of 1/10, 1/3 and all are taken, then each is inside the next", () => {
    const tenth = subsetByHash(files, 0.1, id);
    const third = new Set(subsetByHash(files, 1 / 3, id));
    const all = subsetByHash(files, 1, id);
    expect(tenth).toHaveLength(348);
    expect(third.size).toBe(1159);
    expect(all).toHaveLength(3475);
    expect(tenth.every((f) => third.has(f))).toBe(true);
    expect(new Set(all)).toEqual(new Set(files));
  });

  it("when the input order changes, then the subset does not", () => {
    const reversed = [...files].reverse();
    expect(subsetByHash(reversed, 0.1, id)).toEqual(subsetByHash(files, 0.1, id));
  });

  it("when a fraction is outside (0, 1], then it is refused", () => {
    expect(() => subsetByHash(files, 0, id)).toThrow(RangeError);
    expect(() => subsetByHash(files, 1.5, id)).toThrow(RangeError);
  });

  it("spreads a subset over the folders rather than taking the first ones", () => {
    const mixed = [...Array(500).keys()].map((i) => `${i < 250 ? "a" : "b"}/${i}`);
    const half = subsetByHash(mixed, 0.2, id);
    const fromA = half.filter((f) => f.startsWith("a/")).length;
    expect(fromA).toBeGreaterThan(30);
    expect(fromA).toBeLessThan(70);
  });

  it("hashes stably and orders ties by key", () => {
    expect(stableHash("民法典.md")).toBe(stableHash("民法典.md"));
    expect(hashOrder(["b", "a", "b"], id)).toEqual(hashOrder(["b", "b", "a"], id));
  });

  it("when sampled with one seed twice, then the same items come out; another seed gives another sample", () => {
    const items = [...Array(100).keys()];
    const a = seededSample(items, 10, 1);
    expect(seededSample(items, 10, 1)).toEqual(a);
    expect(new Set(a).size).toBe(10);
    expect(seededSample(items, 10, 2)).not.toEqual(a);
    expect(seededSample(items, 500, 1)).toHaveLength(100);
  });
});
