import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { answerDocumentFact, documentFactAsked } from "../../src/answer/document-facts.js";
import type { DocMeta, Passage } from "../../src/core/types.js";
import { chunkDocument } from "../../src/ingest/chunk.js";
import { parseFileBytes } from "../../src/ingest/load-file.js";

const LETTER = "corpus/reply-letters/2021-10-22_市政协七届一次会议第20210384号提案答复.txt";

async function letter() {
  const doc = await parseFileBytes(LETTER.replace("corpus/", ""), await readFile(LETTER));
  const chunks = chunkDocument(doc, { maxChars: 250 });
  // The question's document is the one retrieval ranks first; any of its passages will do.
  const passages: Passage[] = [{ chunk: chunks[5], meta: doc.meta, score: 1 }];
  return { doc, chunks, passages };
}

describe("document facts", () => {
  it("when asked who sent the letter, then the signature is quoted with its offsets", async () => {
    const { doc, chunks, passages } = await letter();
    const a = answerDocumentFact("给九三学社的那份回函是哪个部门出的？", passages, { text: doc.text, chunks })!;
    expect(a.refused).toBe(false);
    expect(a.citations[0].quote).toBe("深圳市工业和信息化局");
    expect(doc.text.slice(a.citations[0].start, a.citations[0].end)).toBe("深圳市工业和信息化局");
    // The signature, near the end of the letter, not the title.
    expect(a.citations[0].start).toBeGreaterThan(doc.text.length - 200);
  });

  it("when asked the date and the addressee, then the date line and the addressee line are quoted", async () => {
    const { doc, chunks, passages } = await letter();
    const date = answerDocumentFact("这封答复函是哪天回复的？", passages, { text: doc.text, chunks })!;
    expect(date.citations[0].quote).toBe("2021年10月22日");
    const to = answerDocumentFact("这封回函是发给谁的？", passages, { text: doc.text, chunks })!;
    expect(to.citations[0].quote).toBe("九三学社深圳市委会");
  });

  it("when the document does not state the fact asked, then it is refused, not taken from a cited document", async () => {
    const { doc, chunks, passages } = await letter();
    const a = answerDocumentFact("工信局给九三学社的答复函，发文字号是多少？", passages, { text: doc.text, chunks })!;
    expect(a.refused).toBe(true);
    expect(a.citations).toEqual([]);
  });

  it("when a question asks about a document the text cites, or a date in the text, then it is not a document fact", () => {
    const meta: DocMeta = {
      title: "关于…的函",
      kind: "reply_letter",
      issuer: "深圳市工业和信息化局",
      date: "2021-10-22",
    };
    expect(documentFactAsked("回函里引用的政府投资基金暂行办法是哪个部委发的？", meta)).toBeUndefined();
    expect(documentFactAsked("答复里说的规划什么时候开始施行？", meta)).toBeUndefined();
    expect(documentFactAsked("这封回函是哪天发出的？", meta)).toBe("date");
  });
});
