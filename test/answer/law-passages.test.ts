import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LawCatalog } from "../../src/answer/law-catalog.js";
import { orderLawPassages } from "../../src/answer/law-passages.js";
import type { ParsedDocument, Passage } from "../../src/core/types.js";
import { chunkDocument } from "../../src/ingest/chunk.js";
import { loadFile } from "../../src/ingest/load-file.js";
import { FIXTURES } from "../ingest/helpers.js";

const SME = "经济法/中小企业促进法(2017-09-01).md";
const PAYMENT_2020 = "行政法规/保障中小企业款项支付条例(2020-07-05).md";
const PAYMENT_2025 = "行政法规/保障中小企业款项支付条例(2025-03-17).md";
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
