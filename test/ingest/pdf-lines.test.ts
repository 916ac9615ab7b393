import { describe, expect, it } from "vitest";
import { joinItems, type PositionedItem } from "../../src/ingest/pdf-lines.js";

const item = (str: string, x: number, y: number, width = str.length * 12): PositionedItem => ({
  str,
  transform: [12, 0, 0, 12, x, y],
  width,
  height: 12,
});

describe("joinItems", () => {
  it("orders items into lines by baseline, then by x", () => {
    const lines = joinItems([item("第二行。", 72, 700), item("第一", 72, 720), item("行。", 96, 720.5)]);
    expect(lines).toEqual(["第一行。", "第二行。"]);
  });

  it("joins a wrapped line that reaches the margin without ending a sentence", () => {
    const lines = joinItems([
      item("按照不超过投资额的15%给予资助，单个", 72, 720),
      item("项目最高不超过800万元。", 72, 704),
      item("（二）下一项。", 72, 688),
    ]);
    expect(lines).toEqual(["按照不超过投资额的15%给予资助，单个项目最高不超过800万元。", "（二）下一项。"]);
  });

  it("does not join before a heading marker, and spaces latin words apart", () => {
    const lines = joinItems([item("总则部分的内容没有句号结尾", 72, 720), item("第一条 内容。", 72, 704)]);
    expect(lines).toEqual(["总则部分的内容没有句号结尾", "第一条 内容。"]);
    expect(joinItems([item("Smart", 72, 720, 30), item("Factory", 120, 720, 40)])).toEqual(["Smart Factory"]);
  });
});
