/**
 * How a question's words find the laws of a catalog built from real LawRefBook files: short forms
 * written in running text, and whether the knowledge base can speak for a law it does not hold.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { LawCatalog } from "../../src/answer/law-catalog.js";
import type { ParsedDocument } from "../../src/core/types.js";
import { loadFile, parseFileBytes } from "../../src/ingest/load-file.js";
import { FIXTURES } from "../ingest/helpers.js";

const LAWS = [
  "经济法/中小企业促进法(2017-09-01).md",
  "行政法规/保障中小企业款项支付条例(2025-03-17).md",
  "社会法/劳动合同法(2012-12-28).md",
  "行政法规/劳动合同法实施条例(2008-09-18).md",
  "DLC/河南地方法规/地方性法规/河南/河南省实施《中小企业促进法》办法(2008-06-06).md",
];

async function law(rel: string): Promise<ParsedDocument> {
  return (await loadFile(join(FIXTURES, "laws", rel), rel)).doc;
}

const text = (rel: string, body: string) => parseFileBytes(rel, Buffer.from(body, "utf8"));

let catalog: LawCatalog;

beforeAll(async () => {
  const docs = await Promise.all(LAWS.map(law));
  docs.push(
    await text(
      "local/某市消防安全管理条例.txt",
      "某市消防安全管理条例\n第一条 为了预防火灾，根据《中华人民共和国消防法》等法律、法规，结合本市实际，制定本条例。\n",
    ),
    await text(
      "letters/关于基金设立的答复.txt",
      "关于基金设立的答复\n根据《政府投资基金暂行管理办法》（财预〔2015〕210号）第六条的规定，不得重复设立基金。\n依照《中华人民共和国电力法》第五条的规定，电力建设应当保护环境。\n",
    ),
  );
  catalog = new LawCatalog(docs);
});

const named = (q: string) => catalog.named(q).map((n) => n.law.key);

describe("laws named by a short form in running text", () => {
  it("finds a law by an abbreviation with no article after it", () => {
    expect(named("中促法什么时候开始施行的？")).toEqual(["中小企业促进法"]);
    expect(named("请问中促法现在还有效吗")).toEqual(["中小企业促进法"]);
  });

  it("keeps the full name and a longer name written, and reads no other law into a shorter one", () => {
    expect(named("劳动合同法实施条例里怎么规定补订合同")).toEqual(["劳动合同法实施条例"]);
    // 劳动法 and 合同法 are laws of their own, not short forms of 劳动合同法.
    expect(named("劳动法里加班怎么算")).toEqual([]);
    expect(named("合同法什么时候废止的")).toEqual([]);
  });

  it("finds a law by the end of its name, from where the written name starts", () => {
    expect(named("新版款项支付条例几号施行")).toEqual(["保障中小企业款项支付条例"]);
    expect(named("中小企业款项支付条例现在还有效吗")).toEqual(["保障中小企业款项支付条例"]);
    // Another name that only ends alike is not it.
    expect(named("民营企业款项支付条例第五条")).toEqual([]);
  });

  it("does not take a short form after a place for the national law", () => {
    expect(named("河南省中促法什么时候施行")).toEqual([]);
    expect(named("广东省款项支付条例几号施行")).toEqual([]);
  });
});

describe("whether the knowledge base speaks of a text it does not hold", () => {
  it("counts a law only when a document cites one of its articles, not when it names the law as its basis", () => {
    expect(catalog.speaksOf("消防法")).toBe(false);
    expect(catalog.speaksOf("电力法")).toBe(true);
  });

  it("counts any other kind of text a document names", () => {
    expect(catalog.speaksOf("政府投资基金暂行管理办法")).toBe(true);
    expect(catalog.speaksOf("消防安全管理条例")).toBe(true);
    expect(catalog.speaksOf("中小企业划型标准规定")).toBe(false);
  });
});
