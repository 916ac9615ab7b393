import { describe, expect, it } from "vitest";
import { BaselineIndex, chunksOf, titleOf } from "../../src/bench/baseline-index.js";

const RULE =
  "# 深圳市中小企业数字化转型扶持计划操作规程\n第一条 对完成数字化改造的企业给予最高200万元资助。\n第二条 申报单位应当在深圳市注册。";
const LETTER = "关于加快公共技术服务平台建设的答复\n公共技术服务平台项目按投资额的30%给予扶持，最高不超过500万元。";

describe("the baseline index", () => {
  it("takes the first line as title and gives chunks stable ids", () => {
    expect(titleOf(RULE)).toBe("深圳市中小企业数字化转型扶持计划操作规程");
    expect(chunksOf("rule.md", RULE, 40).map((c) => c.id)).toEqual(["rule.md#0", "rule.md#1", "rule.md#2"]);
  });

  it("when asked, then the chunk holding the question's words comes first", () => {
    const index = BaselineIndex.empty();
    index.put("rule.md", RULE);
    index.put("letter.txt", LETTER);
    const hits = index.query("公共技术服务平台最高扶持多少？");
    expect(hits[0].docId).toBe("letter.txt");
    expect(hits[0].text).toContain("500万元");
  });

  it("when a document is put again, then its old chunks are gone, also after a JSON round trip", () => {
    const index = BaselineIndex.empty();
    index.put("rule.md", RULE);
    index.put("letter.txt", LETTER);
    const before = index.chunks;
    const reloaded = BaselineIndex.fromJSON(index.toJSON());
    expect(reloaded.chunks).toBe(before);
    reloaded.put("letter.txt", "关于人才公寓的答复\n人才公寓按市场租金的五折出租。");
    expect(reloaded.query("公共技术服务平台").every((h) => h.docId !== "letter.txt")).toBe(true);
    expect(reloaded.query("人才公寓租金")[0].docId).toBe("letter.txt");
    reloaded.remove("rule.md");
    expect(reloaded.query("数字化改造资助")).toEqual([]);
  });
});
