import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { LawCatalog } from "../../src/answer/law-catalog.js";
import { orderLawPassages, withNamedLawArticles } from "../../src/answer/law-passages.js";
import type { Chunk, ParsedDocument, Passage } from "../../src/core/types.js";
import { chunkDocument } from "../../src/ingest/chunk.js";
import { loadFile } from "../../src/ingest/load-file.js";
import { questionTerms } from "../../src/retrieve/query-terms.js";
import { EMPTY_THESAURUS } from "../../src/retrieve/thesaurus.js";
import { normalizeText } from "../../src/text/normalize.js";
import { createTokenizer } from "../../src/text/tokenize.js";
import { FIXTURES } from "../ingest/helpers.js";

const SME = "经济法/中小企业促进法(2017-09-01).md";
const PAYMENT_2020 = "行政法规/保障中小企业款项支付条例(2020-07-05).md";
const PAYMENT_2025 = "行政法规/保障中小企业款项支付条例(2025-03-17).md";
const LABOUR = "社会法/劳动合同法(2012-12-28).md";
const LABOUR_REGULATION = "行政法规/劳动合同法实施条例(2008-09-18).md";
const TODAY = new Date("2025-06-01T00:00:00Z");

async function load(rel: string): Promise<ParsedDocument> {
  return (await loadFile(join(FIXTURES, "laws", rel), rel)).doc;
}

/** The first chunk of article 9 of each document, in the order given, as retrieval would return them. */
async function passages(): Promise<{ catalog: LawCatalog; retrieved: Passage[] }> {
  const docs = await Promise.all([PAYMENT_2025, PAYMENT_2020, SME].map(load));
  const retrieved = docs.map((doc, i) => {
    const chunk = chunkDocument(doc).find((c) => c.sectionPath.at(-1)?.label === "第九条")!;
    return { chunk, meta: doc.meta, score: 1 - i / 10 };
  });
  return { catalog: new LawCatalog(docs), retrieved };
}

const order = (ps: Passage[]) => ps.map((p) => p.chunk.docId);

describe("law passages in the order a question needs", () => {
  it("drops a superseded version unless a version is asked for", async () => {
    const { catalog, retrieved } = await passages();
    expect(order(orderLawPassages("付款期限是多久？", retrieved, catalog, TODAY))).toEqual([PAYMENT_2025, SME]);
    expect(order(orderLawPassages("2020年版的付款期限是多久？", retrieved, catalog, TODAY))).toEqual([
      PAYMENT_2025,
      PAYMENT_2020,
      SME,
    ]);
  });

  it("puts the level a 'which law' question names first, else the higher level among the most relevant", async () => {
    const { catalog, retrieved } = await passages();
    expect(order(orderLawPassages("哪部法律规定了付款期限？", retrieved, catalog, TODAY))).toEqual([SME, PAYMENT_2025]);
    expect(order(orderLawPassages("哪部行政法规规定了付款期限？", retrieved, catalog, TODAY))).toEqual([
      PAYMENT_2025,
      SME,
    ]);
    expect(order(orderLawPassages("付款期限由哪个规定？", retrieved, catalog, TODAY))).toEqual([SME, PAYMENT_2025]);
  });

  it("puts the law a question names first", async () => {
    const { catalog, retrieved } = await passages();
    expect(order(orderLawPassages("中小企业促进法怎么规定付款？", retrieved, catalog, TODAY))).toEqual([
      SME,
      PAYMENT_2025,
    ]);
  });
});

describe("the articles of a law the question names", () => {
  const tokenize = createTokenizer();
  const termsOf = (q: string) => questionTerms(q, { tokenize, idf: () => 1, thesaurus: EMPTY_THESAURUS });
  let catalog: LawCatalog;
  let chunks: Map<string, Chunk[]>;
  let docs: ParsedDocument[];
  const source = {
    chunksOf: (docId: string) => chunks.get(docId) ?? [],
    metaOf: (docId: string) => docs.find((d) => d.docId === docId)!.meta,
    normalizedChunk: (chunk: Chunk) => normalizeText(chunk.text),
  };
  /** What a corpus-wide search returns first: the 实施条例's article restating the law in its own words. */
  const retrieved = (): Passage[] => {
    const chunk = chunks.get(LABOUR_REGULATION)!.find((c) => c.text.includes("第六条"))!;
    return [{ chunk, meta: source.metaOf(LABOUR_REGULATION), score: 1 }];
  };
  const articleOf = (p: Passage) => `${p.chunk.docId} ${p.chunk.sectionPath.at(-1)?.label}`;

  beforeAll(async () => {
    docs = await Promise.all([LABOUR, LABOUR_REGULATION, SME].map(load));
    catalog = new LawCatalog(docs);
    chunks = new Map(docs.map((d) => [d.docId, chunkDocument(d)]));
  });

  it("are found in the law itself and put ahead of the retrieved passages", () => {
    const q = "劳动合同法里有没有不签书面合同要付二倍工资的规定";
    const out = withNamedLawArticles(q, termsOf(q), retrieved(), catalog, TODAY, source);
    expect(articleOf(out[0])).toBe(`${LABOUR} 第八十二条`);
    expect(out.at(-1)!.chunk.docId).toBe(LABOUR_REGULATION);
  });

  it("leave the retrieved passages alone when no law is named or a version is asked for", () => {
    const none = "不签书面合同要付几倍工资";
    expect(withNamedLawArticles(none, termsOf(none), retrieved(), catalog, TODAY, source)).toHaveLength(1);
    const dated = "2008年版劳动合同法里不签书面合同要付几倍工资";
    expect(withNamedLawArticles(dated, termsOf(dated), retrieved(), catalog, TODAY, source)).toHaveLength(1);
  });

  it("outrank other laws' passages, which are dropped unless the question asks for a text made under the law", () => {
    const q = "劳动合同法里有没有不签书面合同要付二倍工资的规定";
    const merged = withNamedLawArticles(q, termsOf(q), retrieved(), catalog, TODAY, source);
    expect(orderLawPassages(q, merged, catalog, TODAY).every((p) => p.chunk.docId === LABOUR)).toBe(true);
    const derived = "劳动合同法的实施条例里对不签书面合同怎么规定";
    const withDerived = withNamedLawArticles(derived, termsOf(derived), retrieved(), catalog, TODAY, source);
    expect(
      orderLawPassages(derived, withDerived, catalog, TODAY).some((p) => p.chunk.docId === LABOUR_REGULATION),
    ).toBe(true);
  });
});
