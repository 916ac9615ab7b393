import { describe, expect, it } from "vitest";
import { BIGRAM_BM25, unweighted } from "../../src/index/bm25.js";
import { Bm25Builder } from "../../src/index/bm25-builder.js";
import { topDocuments } from "../../src/retrieve/document-ranking.js";
import { characterBigrams } from "../../src/text/tokenize.js";

/** Documents indexed by their character bigrams, as the document ranking's index is. */
function documentIndex(docs: Record<string, string>) {
  const builder = new Bm25Builder(BIGRAM_BM25);
  for (const [id, text] of Object.entries(docs)) builder.add(id, characterBigrams(text));
  return builder.build();
}

const DOCS = {
  letter: "公共技术服务平台扶持计划，年度最高不超过500万元。",
  rule: "中小企业数字化转型资助办法：资助比例20%，资助金额最高200万元，资助对象为企业。",
  other: "交通运输保障，铁路客运恢复。",
};
const ids = (hits: Array<{ id: string }>) => hits.map((h) => h.id);

describe("topDocuments", () => {
  const index = documentIndex(DOCS);
  const question = "平台补贴最高多少";
  const bigrams = unweighted(characterBigrams(question));
  const terms = [
    { term: "平台", weight: 1 },
    { term: "补贴", weight: 1, alternatives: ["扶持", "资助"] },
  ];

  const scoreOf = (hits: Array<{ id: string; score: number }>, id: string) => hits.find((h) => h.id === id)?.score;

  it("when a document lacks the asked word, then its synonym adds to its score", () => {
    const plain = topDocuments(index, bigrams, terms, 3, 0);
    const expanded = topDocuments(index, bigrams, terms, 3, 0.5);
    expect(scoreOf(expanded, "rule")!).toBeGreaterThan(scoreOf(plain, "rule")!);
    expect(ids(expanded)).not.toContain("other");
  });

  it("a document saying the asked word is not outranked by one repeating its synonym", () => {
    const docs = documentIndex({
      letter: "平台扶持计划，最高500万元。",
      rule: "平台资助。资助资助，最高资助200万元，资助资助。",
      other: "交通运输保障。",
    });
    const asked = unweighted(characterBigrams("平台扶持最高"));
    const askedTerms = [
      { term: "平台", weight: 1 },
      { term: "扶持", weight: 1, alternatives: ["资助"] },
      { term: "最高", weight: 1 },
    ];
    expect(ids(topDocuments(docs, asked, askedTerms, 3, 0.5))[0]).toBe("letter");
    expect(ids(topDocuments(docs, asked, askedTerms, 3, 0.5))).toContain("rule");
  });

  it("a document that says the asked word gains nothing from also saying its synonym", () => {
    const docs = documentIndex({ letter: "平台扶持和资助计划。", other: "交通运输保障。", third: "铁路客运恢复。" });
    const asked = unweighted(characterBigrams("平台扶持"));
    const askedTerms = [{ term: "扶持", weight: 1, alternatives: ["资助"] }];
    expect(scoreOf(topDocuments(docs, asked, askedTerms, 3, 0.5), "letter")).toBe(
      scoreOf(topDocuments(docs, asked, askedTerms, 3, 0), "letter"),
    );
  });

  it("without alternatives, then it is the plain bigram ranking", () => {
    const plainTerms = [{ term: "平台", weight: 1 }];
    expect(topDocuments(index, bigrams, plainTerms, 2, 0.5)).toEqual(index.score(bigrams).top(2));
  });
});
