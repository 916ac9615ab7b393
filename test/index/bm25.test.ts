import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../src/index/bm25.js";
import { reciprocalRankFusion } from "../../src/retrieve/fusion.js";

describe("Bm25Index", () => {
  const build = () => {
    const index = new Bm25Index();
    index.add("a", ["公共", "技术", "服务平台", "扶持"]);
    index.add("b", ["人才", "引进", "扶持"]);
    index.add("c", ["交通", "铁路"]);
    return index;
  };
  it("ranks the document sharing the rarest words first", () => {
    expect(
      build()
        .search(["服务平台", "扶持"], 3)
        .map((h) => h.id),
    ).toEqual(["a", "b"]);
  });
  it("removes documents so they are never returned again", () => {
    const index = build();
    index.remove("a");
    expect(index.search(["服务平台"], 3)).toEqual([]);
    expect(index.documentFrequency("扶持")).toBe(1);
  });
  it("restricts results to allowed ids", () => {
    expect(
      build()
        .search(["扶持"], 3, (id) => id === "b")
        .map((h) => h.id),
    ).toEqual(["b"]);
  });
  it("survives a JSON round trip with identical scores", () => {
    const index = build();
    const copy = Bm25Index.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    expect(copy.search(["扶持", "人才"], 3)).toEqual(index.search(["扶持", "人才"], 3));
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
