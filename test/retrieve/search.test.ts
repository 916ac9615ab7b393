import { beforeAll, describe, expect, it } from "vitest";
import type { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { openSampleKb } from "../helpers/sample-kb.js";

// The sample KB lives in a temp dir removed after each test, so it is rebuilt per test file
// section via beforeAll and used only within it.
let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await openSampleKb();
});

const labels = (p: { chunk: { sectionPath: Array<{ label: string }> } }) =>
  p.chunk.sectionPath.map((h) => h.label).join(" > ");

describe("hybrid search over the sample corpus", () => {
  it("finds the public platform scheme's section first", async () => {
    const [top] = await kb.search("公共技术服务平台扶持计划给多少支持？");
    expect(labels(top)).toBe("三 > （四）");
    expect(top.chunk.text).toContain("500万元");
  });

  it.each(["lexical", "vector", "hybrid"] as const)(
    "in %s mode finds the 专精特新 count in the top 5",
    async (mode) => {
      const passages = await kb.search("专精特新小巨人企业有多少家", { mode });
      expect(passages.slice(0, 5).some((p) => p.chunk.text.includes("169家"))).toBe(true);
    },
  );

  it("looks up a document number however its brackets are written", async () => {
    for (const q of ["深工信规[2019]3号", "深工信规（2019）3号是什么规定", "深工信规〔2019〕3号"]) {
      const [top] = await kb.search(q);
      expect(top.exactMatch).toBe(true);
      expect(top.chunk.text).toContain("深工信规〔2019〕3号");
    }
  });

  it("looks up a document by its own document number and by proposal number", async () => {
    const [rule] = await kb.search("深工信规〔2020〕5号");
    expect(rule.meta.kind).toBe("policy_rule");
    const [letter] = await kb.search("第20210384号提案");
    expect(letter.meta.proposalNumber).toBe("20210384");
    expect(letter.exactMatch).toBe(true);
  });

  it("normalizes Chinese numerals in questions", async () => {
    const passages = await kb.search("年度最高不超过五百万元的是哪个扶持计划");
    expect(passages[0].chunk.text).toContain("500万元");
  });

  it("applies filters, and a filter that matches nothing returns nothing", async () => {
    const rules = await kb.search("扶持", { filters: { kind: "policy_rule" } });
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((p) => p.meta.kind === "policy_rule")).toBe(true);
    const in2021 = await kb.search("扶持", { filters: { year: 2021 } });
    expect(in2021.every((p) => p.meta.date?.startsWith("2021"))).toBe(true);
    expect(await kb.search("扶持", { filters: { year: 1999 } })).toEqual([]);
    expect(await kb.search("扶持", { filters: { issuer: "不存在的单位" } })).toEqual([]);
    const answer = await kb.ask("公共技术服务平台扶持计划给多少支持？", { filters: { year: 1999 } });
    expect(answer.refused).toBe(true);
  });
});

describe("questions that name a document", () => {
  it("when a question names a document by its 文号 or 《title》, then only its passages are searched", async () => {
    // Without the restriction each of these also brings passages of the other document.
    for (const [question, docPart] of [
      ["深工信规〔2020〕5号和产业链集群、知识产权保护有什么关系？", "policy-rules/"],
      ["《深圳市中小企业数字化转型扶持计划操作规程》和产业链招商、知识产权有什么关系？", "policy-rules/"],
    ] as const) {
      const passages = await kb.search(question);
      expect(passages.length).toBeGreaterThan(0);
      expect(passages.every((p) => p.chunk.docId.startsWith(docPart))).toBe(true);
    }
  });

  it("when the named 文号 is only mentioned by a document, then the search is not restricted", async () => {
    const passages = await kb.search("深工信规〔2019〕3号规定的扶持比例是多少？");
    expect(new Set(passages.map((p) => p.chunk.docId.split("/")[0])).size).toBeGreaterThan(1);
  });
});
