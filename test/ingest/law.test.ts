import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ParsedDocument } from "../../src/core/types.js";
import { chunkDocument } from "../../src/ingest/chunk.js";
import { loadFile } from "../../src/ingest/load-file.js";
import { FIXTURES, labels, loadCorpusDoc, RULE_REL } from "./helpers.js";

/** Real LawRefBook files, under the corpus's own folders (the folder says the kind of text). */
export const LAW = {
  smePromotion: "经济法/中小企业促进法(2017-09-01).md",
  payment2020: "行政法规/保障中小企业款项支付条例(2020-07-05).md",
  payment2025: "行政法规/保障中小企业款项支付条例(2025-03-17).md",
  labourContract: "社会法/劳动合同法(2012-12-28).md",
  labourRegulation: "行政法规/劳动合同法实施条例(2008-09-18).md",
  henan: "DLC/河南地方法规/地方性法规/河南/河南省实施《中小企业促进法》办法(2008-06-06).md",
  review2017: "诉讼与非诉讼程序法/行政复议法(2017-09-01).md",
  review2023: "诉讼与非诉讼程序法/行政复议法(2023-09-01).md",
};

async function loadLaw(rel: string): Promise<ParsedDocument> {
  return (await loadFile(join(FIXTURES, "laws", rel), rel)).doc;
}

describe("a law as a structured document", () => {
  it("reads name, level, issuer, version and in-force date of the 2017 revision of 中小企业促进法", async () => {
    const doc = await loadLaw(LAW.smePromotion);
    const { articles, ...law } = doc.law!;
    expect(law).toEqual({
      name: "中华人民共和国中小企业促进法",
      shortName: "中小企业促进法",
      level: "law",
      issuer: "全国人民代表大会常务委员会",
      versionDate: "2017-09-01",
      effectiveDate: "2018-01-01",
      history: [
        { date: "2002-06-29", action: "通过" },
        { date: "2017-09-01", action: "修订" },
      ],
    });
    // The date shown is the version's (2017), not the first adoption's (2002).
    expect(doc.meta.date).toBe("2017-09-01");
    expect(articles).toHaveLength(61);
    expect(doc.text).not.toContain("INFO END");
  });

  it("keeps every 款 of an article and the 项 of a 款, and a 款 after the items is a 款 again", async () => {
    const doc = await loadLaw(LAW.smePromotion);
    const second = doc.law!.articles[1];
    expect(second.label).toBe("第二条");
    expect(labels(second.path)).toEqual(["第一章", "第二条"]);
    expect(second.paragraphs).toHaveLength(2);
    expect(doc.text.slice(second.paragraphs[1].start, second.paragraphs[1].end)).toMatch(
      /^中型企业、小型企业和微型企业划分标准/,
    );
    const review = await loadLaw(LAW.review2017);
    const third = review.law!.articles.find((a) => a.number === 3)!;
    expect(third.paragraphs[0].items.map((i) => i.label)).toEqual([
      "（一）",
      "（二）",
      "（三）",
      "（四）",
      "（五）",
      "（六）",
      "（七）",
    ]);
    expect(third.paragraphs).toHaveLength(2);
    expect(review.text.slice(third.paragraphs[1].start, third.paragraphs[1].end)).toMatch(
      /^行政机关中初次从事行政复议的人员/,
    );
  });

  it("tells the level from the folder, the title and the issuing body", async () => {
    expect((await loadLaw(LAW.labourRegulation)).law!.level).toBe("administrative_regulation");
    expect((await loadLaw(LAW.henan)).law!.level).toBe("local_regulation");
    // Outside the LawRefBook folders the history line's issuing body decides.
    const moved = await loadFile(join(FIXTURES, "laws", LAW.henan), "uploads/河南省实施办法.md");
    expect(moved.doc.law!.level).toBe("local_regulation");
    expect(moved.doc.law!.issuer).toBe("河南省人民代表大会常务委员会");
  });

  it("takes an amended text's date from its file name and its in-force date from its 施行 article", async () => {
    const doc = await loadLaw(LAW.payment2025);
    expect(doc.law!.versionDate).toBe("2025-03-17");
    expect(doc.law!.effectiveDate).toBe("2025-06-01");
  });

  it("chunks a law by article: each chunk inside one article, with the article's path", async () => {
    for (const rel of [LAW.smePromotion, LAW.review2023, LAW.labourContract]) {
      const doc = await loadLaw(rel);
      const chunks = chunkDocument(doc, { maxChars: 250 });
      for (const article of doc.law!.articles) {
        const inside = chunks.filter((c) => c.start >= article.start && c.end <= article.end);
        expect(inside.length).toBeGreaterThan(0);
        // The pieces of a long article cover it whole, each carrying the article's path.
        expect(
          inside
            .map((c) => c.text)
            .join("\n")
            .replace(/\n+/g, "\n"),
        ).toBe(doc.text.slice(article.start, article.end).replace(/\n+/g, "\n"));
        for (const c of inside) expect(c.sectionPath).toEqual(article.path);
        if (article.end - article.start <= 500) expect(inside).toHaveLength(1);
      }
      expect(chunks.some((c) => /^第[一二三四五六七八九十]+章\s*\S{0,12}$/.test(c.text.trim()))).toBe(false);
    }
  });

  it("leaves the bureau's own 操作规程 an ordinary policy rule", async () => {
    const doc = await loadCorpusDoc(RULE_REL);
    expect(doc.law).toBeUndefined();
    expect(doc.meta.kind).toBe("policy_rule");
  });
});
