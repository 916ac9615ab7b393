import { describe, expect, it } from "vitest";
import type { ParsedDocument, Section } from "../../src/core/types.js";
import { parseStructure } from "../../src/ingest/structure.js";
import { RULE_REL, SEED_REL, labels, loadCorpusDoc } from "./helpers.js";

function sectionAt(doc: ParsedDocument, needle: string): Section {
  const at = doc.text.indexOf(needle);
  expect(at).toBeGreaterThanOrEqual(0);
  return doc.sections.find((s) => s.start <= at && at < s.end)!;
}

function expectTiling(doc: ParsedDocument): void {
  expect(doc.sections[0].start).toBe(0);
  expect(doc.sections[doc.sections.length - 1].end).toBe(doc.text.length);
  doc.sections.forEach((s, i) => {
    expect(s.end).toBeGreaterThan(s.start);
    if (i > 0) expect(s.start).toBe(doc.sections[i - 1].end);
  });
  for (const b of doc.blocks) {
    const s = doc.sections[b.sectionIndex];
    expect(b.start >= s.start && b.end <= s.end).toBe(true);
  }
}

describe("parseStructure on the real reply letter", () => {
  it("tiles the text with sections and puts every block inside its section", async () => {
    expectTiling(await loadCorpusDoc(SEED_REL));
  });

  it("keeps title, addressee and opening in an empty-path section", async () => {
    const doc = await loadCorpusDoc(SEED_REL);
    expect(doc.sections[0].path).toEqual([]);
    expect(sectionAt(doc, "九三学社深圳市委会").path).toEqual([]);
    expect(sectionAt(doc, "现答复如下").path).toEqual([]);
  });

  it("numbers the unnumbered first 关于……的建议 heading as 一", async () => {
    const doc = await loadCorpusDoc(SEED_REL);
    const first = doc.sections[1].path[0];
    expect(first.label).toBe("一");
    expect(first.level).toBe(1);
    expect(first.title).toMatch(/^关于“统筹莞惠河汕.*”的建议$/);
    expect(labels(sectionAt(doc, "着力推动深圳都市圈协同发展").path)).toEqual(["一", "（一）"]);
  });

  it("files the 30% sentence under 三 >（四）加快公共技术服务平台建设", async () => {
    const doc = await loadCorpusDoc(SEED_REL);
    const path = sectionAt(doc, "按照不超过申报单位上年度实际投资额的30%给予扶持").path;
    expect(path).toEqual([
      { label: "三", title: expect.stringMatching(/^关于“一业一策/), level: 1 },
      { label: "（四）", title: "加快公共技术服务平台建设", level: 2 },
    ]);
  });

  it("makes 一是/二是/三是 runs inside 二（一）sub-sections", async () => {
    const doc = await loadCorpusDoc(SEED_REL);
    const run = (needle: string) => sectionAt(doc, needle).path;
    expect(labels(run("始终坚持产业链精准招商工作理念"))).toEqual(["二", "（一）", "一是"]);
    expect(run("始终坚持产业链精准招商工作理念")[2]).toEqual({
      label: "一是",
      title: "始终坚持产业链精准招商工作理念",
      level: 3,
    });
    expect(labels(run("以集成电路产业为例"))).toEqual(["二", "（一）", "一是"]);
    expect(labels(run("开展产业链集聚定向招商专项工作"))).toEqual(["二", "（一）", "二是"]);
    expect(labels(run("强化龙头企业服务促进以商引商"))).toEqual(["二", "（一）", "三是"]);
    expect(labels(run("（二）大力推动科技成果转化"))).toEqual(["二", "（二）"]);
  });

  it("puts the closing matter in an empty-path section, not under 三（六）", async () => {
    const doc = await loadCorpusDoc(SEED_REL);
    expect(labels(sectionAt(doc, "推动建立产业链投资基金").path)).toEqual(["三", "（六）"]);
    for (const needle of ["再次感谢", "专此答复", "深圳市工业和信息化局      ", "2021年10月22日", "公开方式", "抄送"]) {
      expect(sectionAt(doc, needle).path).toEqual([]);
    }
  });
});

describe("parseStructure on the sample policy rule", () => {
  it("nests chapters, sections (节), articles and list items", async () => {
    const doc = await loadCorpusDoc(RULE_REL);
    expectTiling(doc);
    expect(labels(sectionAt(doc, "第一条 为规范").path)).toEqual(["第一章", "第一条"]);
    expect(sectionAt(doc, "第一章 总则").path).toEqual([{ label: "第一章", title: "总则", level: 1 }]);
    expect(labels(sectionAt(doc, "第四条").path)).toEqual(["第二章", "第一节", "第四条"]);
    expect(sectionAt(doc, "第二节 支持方式").path[1]).toEqual({ label: "第二节", title: "支持方式", level: 2 });
    expect(labels(sectionAt(doc, "项目设备购置额低于50万元").path)).toEqual(["第二章", "第一节", "第五条", "（二）"]);
    expect(labels(sectionAt(doc, "第八条").path)).toEqual(["第三章", "第八条"]);
    expect(sectionAt(doc, "第十二条").path[1]).toEqual({ label: "第十二条", title: "", level: 2 });
  });

  it("gives the paragraphs (款) of an article after the first their own heading", async () => {
    const doc = await loadCorpusDoc(RULE_REL);
    expect(labels(sectionAt(doc, "市工信局委托第三方机构").path)).toEqual(["第三章", "第十一条"]);
    expect(sectionAt(doc, "评审采取现场核查").path).toEqual([
      { label: "第三章", title: "申报与审核", level: 1 },
      { label: "第十一条", title: "", level: 2 },
      { label: "第二款", title: "", level: 3 },
    ]);
    expect(labels(sectionAt(doc, "公示无异议的").path)).toEqual(["第三章", "第十一条", "第四款"]);
    expect(labels(sectionAt(doc, "第十四条").path)).toEqual(["第五章", "第十四条"]);
  });

  it("keeps the 印发 header and the final signature out of the articles", async () => {
    const doc = await loadCorpusDoc(RULE_REL);
    expect(sectionAt(doc, "各有关单位").path).toEqual([]);
    expect(labels(sectionAt(doc, "有效期3年").path)).toEqual(["第六章", "第十八条"]);
    const lastSignature = doc.text.lastIndexOf("深圳市工业和信息化局");
    expect(doc.sections.find((s) => s.start <= lastSignature && lastSignature < s.end)!.path).toEqual([]);
  });
});

describe("parseStructure details", () => {
  it("flags table rows as blocks and does not treat them as 款", () => {
    const text = "某办法\n第一条 标准如下：\n项目：设备；比例：15%\n第二条 其他。";
    const row = { start: text.indexOf("项目"), end: text.indexOf("15%") + 3 };
    const { sections, blocks } = parseStructure(text, [row]);
    const rowBlock = blocks.find((b) => b.tableRow)!;
    expect(rowBlock).toMatchObject({ start: row.start, end: row.end });
    expect(labels(sections[rowBlock.sectionIndex].path)).toEqual(["第一条"]);
  });

  it("pops back to a marker level seen before and handles arabic markers", () => {
    const text = ["标题", "一、总体要求", "1.目标", "（1）近期", "2．措施", "二、保障"].join("\n");
    const { sections } = parseStructure(text, []);
    expect(sections.map((s) => labels(s.path))).toEqual([
      [],
      ["一"],
      ["一", "1."],
      ["一", "1.", "（1）"],
      ["一", "2．"],
      ["二"],
    ]);
  });

  it("does not take the document title for a heading", () => {
    const { sections } = parseStructure("关于加快制造业发展的意见\n一、总体要求", []);
    expect(sections.map((s) => labels(s.path))).toEqual([[], ["一"]]);
  });
});
