import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Bm25Index, DEFAULT_BM25, unweighted as unweightedOf } from "../../src/index/bm25.js";
import { Bm25Builder } from "../../src/index/bm25-builder.js";
import { bm25FileNames, bm25Files, loadBm25 } from "../../src/index/bm25-file.js";
import { reciprocalRankFusion } from "../../src/retrieve/fusion.js";
import { SegmentedBm25, statsOf } from "../../src/index/bm25-segmented.js";

function indexOf(entries: Array<[string, string[]]>): Bm25Index {
  const builder = new Bm25Builder(DEFAULT_BM25);
  for (const [id, tokens] of entries) builder.add(id, tokens);
  return builder.build();
}

const SMALL: Array<[string, string[]]> = [
  ["a", ["公共", "技术", "服务平台", "扶持"]],
  ["b", ["人才", "引进", "扶持"]],
  ["c", ["交通", "铁路"]],
];

/** BM25 written out the textbook way, to check the compact index against. */
function referenceScores(entries: Array<[string, string[]]>, query: string[]): Map<string, number> {
  const { k1, b } = DEFAULT_BM25;
  const avgdl = entries.reduce((n, [, t]) => n + t.length, 0) / entries.length;
  const scores = new Map<string, number>();
  for (const term of new Set(query)) {
    const df = entries.filter(([, t]) => t.includes(term)).length;
    const idf = Math.log(1 + (entries.length - df + 0.5) / (df + 0.5));
    for (const [id, tokens] of entries) {
      const f = tokens.filter((t) => t === term).length;
      if (f === 0) continue;
      const norm = f + k1 * (1 - b + (b * tokens.length) / avgdl);
      scores.set(id, (scores.get(id) ?? 0) + (idf * (f * (k1 + 1))) / norm);
    }
  }
  return scores;
}

/** A corpus with common and rare terms, repeats, and ids out of order. */
function randomCorpus(size: number, seed: number, words = 60): Array<[string, string[]]> {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const vocabulary = Array.from({ length: words }, (_, i) => `词${i}`);
  return Array.from({ length: size }, (_, i): [string, string[]] => [
    `doc-${(i * 7919) % size}`,
    // Squaring skews the draw towards the first words, as real vocabularies are skewed.
    Array.from({ length: 3 + Math.floor(next() * 40) }, () => vocabulary[Math.floor(next() ** 2 * words)]),
  ]);
}

describe("Bm25Index", () => {
  it("ranks the document sharing the rarest words first", () => {
    expect(
      indexOf(SMALL)
        .search(["服务平台", "扶持"], 3)
        .map((h) => h.id),
    ).toEqual(["a", "b"]);
  });

  it("restricts results to allowed ids", () => {
    expect(
      indexOf(SMALL)
        .search(["扶持"], 3, (id) => id === "b")
        .map((h) => h.id),
    ).toEqual(["b"]);
  });

  it("when scores are compared with textbook BM25, then every score and the order are the same", () => {
    const corpus = randomCorpus(300, 7);
    const index = indexOf(corpus);
    const query = ["词0", "词3", "词17", "词59", "词3", "不在词表"];
    const expected = [...referenceScores(corpus, query)]
      .map(([id, score]) => ({ id, score }))
      .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
    const hits = index.search(query, Infinity);
    expect(hits.map((h) => h.id)).toEqual(expected.map((h) => h.id));
    hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i].score, 10));
    expect(index.search(query, 10)).toEqual(hits.slice(0, 10));
  });

  it("when scores tie, then the top k are taken in id order, as a full sort would", () => {
    const index = indexOf([
      ["z", ["扶持"]],
      ["m", ["扶持"]],
      ["a", ["扶持"]],
      ["q", ["交通"]],
    ]);
    expect(index.search(["扶持"], 2).map((h) => h.id)).toEqual(["a", "m"]);
  });

  it("scores once and reads both the top entries and the scores of chosen ids", () => {
    const index = indexOf(SMALL);
    const scores = index.score([{ term: "扶持", weight: 1 }]);
    expect(scores.top(1).map((h) => h.id)).toEqual(["b"]);
    expect(scores.among(["c", "a", "missing"]).map((h) => h.id)).toEqual(["a"]);
  });

  it("when entries are dropped and added to a previous index, then it scores as one built from scratch", () => {
    const corpus = randomCorpus(200, 11);
    const previous = indexOf(corpus);
    const dropped = new Set(corpus.slice(0, 40).map(([id]) => id));
    const added = randomCorpus(50, 13).map(([id, tokens]): [string, string[]] => [`new-${id}`, tokens]);
    const builder = new Bm25Builder(DEFAULT_BM25, previous, (id) => dropped.has(id));
    for (const [id, tokens] of added) builder.add(id, tokens);
    const updated = builder.build();
    const fresh = indexOf([...corpus.filter(([id]) => !dropped.has(id)), ...added]);
    expect(updated.size).toBe(fresh.size);
    for (const query of [["词0"], ["词1", "词40"], ["词59", "词58", "词2"]]) {
      expect(updated.search(query, Infinity)).toEqual(fresh.search(query, Infinity));
    }
    expect(updated.search(["词0"], Infinity).some((h) => dropped.has(h.id))).toBe(false);
    // The previous index is left as it was: a query in flight on it still sees its entries.
    expect(previous.size).toBe(200);
  });

  it("when every entry holding a term is dropped, then the term is gone from the index", () => {
    const builder = new Bm25Builder(DEFAULT_BM25, indexOf(SMALL), (id) => id === "c");
    const index = builder.build();
    expect(index.documentFrequency("铁路")).toBe(0);
    expect(index.stored.terms).not.toContain("铁路");
    expect(index.search(["铁路", "扶持"], 3).map((h) => h.id)).toEqual(["b", "a"]);
  });

  it("when an added entry holds only terms numbered past the first thousand of a previous index, then its postings are kept", () => {
    const previous = indexOf(Array.from({ length: 3000 }, (_, i): [string, string[]] => [`e${i}`, [`词${i}`, "常用"]]));
    const builder = new Bm25Builder(DEFAULT_BM25, previous);
    builder.add("new", ["词2500", "词2999"]);
    const index = builder.build();
    expect(index.documentFrequency("词2500")).toBe(2);
    expect(index.search(["词2999"], 5).map((h) => h.id)).toEqual(["e2999", "new"].sort());
  });

  it("when a delta is absorbed into a base with entries dropped from both, then it scores as one built from scratch", () => {
    const base = randomCorpus(300, 3, 2000);
    const delta = randomCorpus(60, 5, 2000).map(([id, t]): [string, string[]] => [`d-${id}`, t]);
    const added = randomCorpus(20, 9, 2000).map(([id, t]): [string, string[]] => [`a-${id}`, t]);
    const droppedBase = new Set(base.slice(0, 50).map(([id]) => id));
    const droppedDelta = new Set(delta.slice(0, 10).map(([id]) => id));
    const builder = new Bm25Builder(DEFAULT_BM25, indexOf(base), (id) => droppedBase.has(id));
    builder.absorb(indexOf(delta), (id) => droppedDelta.has(id));
    for (const [id, tokens] of added) builder.add(id, tokens);
    const merged = builder.build();
    const live = [
      ...base.filter(([id]) => !droppedBase.has(id)),
      ...delta.filter(([id]) => !droppedDelta.has(id)),
      ...added,
    ];
    const fresh = indexOf(live);
    expect(merged.size).toBe(fresh.size);
    for (const query of [["词0"], ["词1", "词40", "词1500"], ["词59", "词1999", "词2"]]) {
      expect(merged.search(query, Infinity)).toEqual(fresh.search(query, Infinity));
    }
  });

  it("when base entries are deleted and others live in a delta, then the segmented index scores exactly as one index of the live entries", () => {
    const base = randomCorpus(400, 21, 500);
    // Some delta entries replace deleted base entries under the same id, as a changed file's chunks do.
    const deleted = base.slice(100, 160);
    const delta = [
      ...deleted.slice(0, 20).map(([id], i): [string, string[]] => [id, randomCorpus(20, 40 + i, 500)[i][1]]),
      ...randomCorpus(30, 23, 500).map(([id, t]): [string, string[]] => [`d-${id}`, t]),
    ];
    const segmented = new SegmentedBm25(
      indexOf(base),
      indexOf(delta),
      deleted.map(([id]) => id),
      statsOf(deleted.map(([, tokens]) => tokens)),
    );
    const deletedIds = new Set(deleted.map(([id]) => id));
    const fresh = indexOf([...base.filter(([id]) => !deletedIds.has(id)), ...delta]);
    expect(segmented.size).toBe(fresh.size);
    for (const term of ["词0", "词7", "词499", "不在词表"]) {
      expect(segmented.documentFrequency(term)).toBe(fresh.documentFrequency(term));
      expect(segmented.idf(term)).toBe(fresh.idf(term));
    }
    const allowed = (id: string) => !id.endsWith("3");
    for (const query of [["词0"], ["词1", "词40", "词300"], ["词59", "词499", "词2", "不在词表"]]) {
      expect(segmented.search(query, Infinity)).toEqual(fresh.search(query, Infinity));
      expect(segmented.search(query, 7, allowed)).toEqual(fresh.search(query, 7, allowed));
      const ids = deleted.slice(0, 30).map(([id]) => id);
      expect(segmented.score(unweightedOf(query)).among(ids)).toEqual(fresh.score(unweightedOf(query)).among(ids));
    }
    expect(segmented.has(deleted[40][0])).toBe(false);
    expect(segmented.has(deleted[0][0])).toBe(true);
  });

  it("refuses an id that is already present", () => {
    const builder = new Bm25Builder(DEFAULT_BM25, indexOf(SMALL));
    expect(() => builder.add("a", ["扶持"])).toThrow(/already present/);
  });
});

describe("BM25 files", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function saved(index: Bm25Index): Promise<string> {
    dir = await mkdtemp(path.join(tmpdir(), "bm25-"));
    const files = await bm25Files(index);
    const names = bm25FileNames("words");
    await writeFile(path.join(dir, names.json), files.json);
    await writeFile(path.join(dir, names.bin), Buffer.concat(files.bin));
    return dir;
  }

  it("survives a round trip through its two files with identical scores", async () => {
    const index = indexOf(randomCorpus(120, 3));
    const copy = await loadBm25(await saved(index), "words");
    for (const query of [["词0", "词5"], ["词30"]]) expect(copy.search(query, 20)).toEqual(index.search(query, 20));
    expect(copy.idf("词5")).toBe(index.idf("词5"));
  });

  it("when the postings file is cut short, then loading fails as a corrupt index", async () => {
    const index = indexOf(randomCorpus(50, 5));
    const at = await saved(index);
    const bin = path.join(at, bm25FileNames("words").bin);
    const files = await bm25Files(index);
    await writeFile(bin, Buffer.concat(files.bin).subarray(0, -3));
    await expect(loadBm25(at, "words")).rejects.toMatchObject({ code: "INDEX_CORRUPT" });
  });
});

describe("reciprocalRankFusion", () => {
  it("puts an id ranked well in both lists above one ranked first in only one", () => {
    const fused = reciprocalRankFusion([
      { ids: ["x", "y", "z"], weight: 1 },
      { ids: ["y", "w"], weight: 1 },
    ]);
    expect(fused[0].id).toBe("y");
    expect(fused.map((f) => f.id)).toEqual(["y", "x", "w", "z"]);
  });
});
