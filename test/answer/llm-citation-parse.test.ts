import { describe, expect, it } from "vitest";
import {
  appendMarkers,
  isPartialMarker,
  moveMarkersBeforeFinalPunct,
  parseMarkerGroups,
  rewriteMarkers,
  stripMarkers,
} from "../../src/answer/citation-parse.js";
import { takeSentences } from "../../src/answer/llm-segment.js";

describe("citation markers", () => {
  it("reads the forms models write", () => {
    expect(parseMarkerGroups("甲[1]乙[1, 2]丙［３］丁【4、5】").map((g) => g.numbers)).toEqual([
      [1],
      [1, 2],
      [3],
      [4, 5],
    ]);
    expect(parseMarkerGroups("深工信规[2019]3号")).toEqual([]);
    expect(stripMarkers("甲[1][2]。")).toBe("甲。");
  });

  it("rewrites, dedupes and drops", () => {
    expect(rewriteMarkers("甲[2,2][9]乙[1]", (n) => (n === 9 ? undefined : n + 10))).toBe("甲[12]乙[11]");
  });

  it("moves trailing markers before the full stop and appends markers", () => {
    expect(moveMarkersBeforeFinalPunct("已到期）。 [1] [2]")).toBe("已到期）[1][2]。");
    expect(moveMarkersBeforeFinalPunct("已到期[1]。")).toBe("已到期[1]。");
    expect(appendMarkers("最高500万元。", "[1]")).toBe("最高500万元[1]。");
    expect(appendMarkers("最高500万元", "[1]")).toBe("最高500万元[1]");
  });

  it("recognises a marker still being streamed", () => {
    expect(isPartialMarker("[")).toBe(true);
    expect(isPartialMarker("[1,")).toBe(true);
    expect(isPartialMarker("[1]")).toBe(false);
    expect(isPartialMarker("甲")).toBe(false);
  });
});

describe("takeSentences", () => {
  it("holds the last sentence and a possibly following marker", () => {
    expect(takeSentences("甲。乙", false)).toEqual({ segments: [{ gap: "", body: "甲。" }], rest: "乙" });
    expect(takeSentences("甲。[", false)).toEqual({ segments: [], rest: "甲。[" });
    expect(takeSentences("甲。[1]乙", false)).toEqual({ segments: [{ gap: "", body: "甲。[1]" }], rest: "乙" });
    expect(takeSentences("甲。\n\n乙。", true).segments).toEqual([
      { gap: "", body: "甲。" },
      { gap: "\n\n", body: "乙。" },
    ]);
  });
});
