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

describe("document facts about the proposal a letter answers", () => {
  it("when the question points at the letter through its proposal, then the proposer is the addressee line", async () => {
    const { doc, chunks, passages } = await letter();
    const a = answerDocumentFact("推动制造业集群发展那件政协提案是哪个民主党派提的？", passages, {
      text: doc.text,
      chunks,
    })!;
    expect(a.citations[0].quote).toBe("九三学社深圳市委会");
    // Named by its number alone, without any word for a letter.
    const byNumber = answerDocumentFact("提案20210384的提案人？", passages, { text: doc.text, chunks })!;
    expect(byNumber.citations[0].quote).toBe("九三学社深圳市委会");
  });

  it("when asked which proposal, its title or its meeting, then the opening sentence's words are quoted", async () => {
    const { doc, chunks, passages } = await letter();
    const source = { text: doc.text, chunks };
    const which = answerDocumentFact("工信局回九三学社的那封函，回的是哪件提案？", passages, source)!;
    expect(which.citations[0].quote).toBe(
      "市政协七届一次会议第20210384号提案《关于推动深圳制造业产业链集群发展的建议的提案》",
    );
    // The opening sentence, not the letter's title, which names the proposal by number only.
    expect(which.citations[0].start).toBeGreaterThan(doc.text.indexOf("市政协办公厅"));
    const title = answerDocumentFact("九三学社那件提案的标题全称叫什么？", passages, source)!;
    expect(title.citations[0].quote).toBe("关于推动深圳制造业产业链集群发展的建议的提案");
    const meeting = answerDocumentFact("20210384号提案是政协第几届第几次大会上提出的？", passages, source)!;
    expect(meeting.citations[0].quote).toBe("七届一次会议");
    for (const a of [which, title, meeting])
      expect(doc.text.slice(a.citations[0].start, a.citations[0].end)).toBe(a.citations[0].quote);
  });

  it("when asked who else received the reply or whether it is public, then the 抄送 and 公开方式 lines are quoted", async () => {
    const { doc, chunks, passages } = await letter();
    const source = { text: doc.text, chunks };
    const cc = answerDocumentFact("20210384号提案的答复还同时送给了哪几个单位？", passages, source)!;
    expect(cc.citations[0].quote).toBe("市政协提案委、市政府督查室");
    const open = answerDocumentFact("产业链集群答复函的公开属性？", passages, source)!;
    expect(open.citations[0].quote).toBe("主动公开");
  });

  it("when 几届 asks about the editions of something the letter describes, then it is not the proposal's meeting", () => {
    const meta: DocMeta = { title: "关于…的函", kind: "reply_letter", proposalNumber: "20210384" };
    expect(documentFactAsked("深圳创新创业大赛到答复时一共办过几届？", meta)).toBeUndefined();
    // What the proposal suggested is its content, not which proposal it was.
    expect(documentFactAsked("答复里对科技成果转化提了什么建议？", meta)).toBeUndefined();
    expect(documentFactAsked("产业链集群那件提案属于政协哪届会议？", meta)).toBe("session");
    // 那件提案 points at the letter; the date asked is the letter's.
    expect(documentFactAsked("产业链集群那件提案，工信局是哪天回复的？", meta)).toBe("date");
  });
});
