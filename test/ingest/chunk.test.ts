import { describe, expect, it } from "vitest";
import type { Chunk, ParsedDocument } from "../../src/core/types.js";
import { DEFAULT_CHUNK_CHARS, chunkDocument, chunkHash } from "../../src/ingest/chunk.js";
import { extractText } from "../../src/ingest/extract.js";
import { parseDocument } from "../../src/ingest/parse-document.js";
import { splitSentences } from "../../src/text/sentences.js";
import { RULE_REL, SEED_REL, fixture, labels, loadCorpusDoc } from "./helpers.js";

const SENTENCE_END = /[。！？；!?;”’」』）)】》"']$/;

/** Units a chunk may not split: sentences of non-table blocks, whole table rows. */
function unitsOf(doc: ParsedDocument): Array<{ start: number; end: number }> {
  return doc.blocks.flatMap((b) =>
    b.tableRow ? [{ start: b.start, end: b.end }] : splitSentences(doc.text, b.start, b.end),
  );
}

function checkInvariants(doc: ParsedDocument, chunks: Chunk[], maxChars: number): void {
  const units = unitsOf(doc);
  const blockEnds = new Set(doc.blocks.map((b) => b.end));
  chunks.forEach((c, i) => {
    expect(c.text).toBe(doc.text.slice(c.start, c.end));
    expect(c.id).toBe(`${doc.docId}#${i}`);
    expect(c.ordinal).toBe(i);
    expect(c.hash).toMatch(/^[0-9a-f]{16}$/);
    // Ends at a sentence end or closer, or at the end of a line or block.
    const endsLine = c.end === doc.text.length || doc.text[c.end] === "\n" || blockEnds.has(c.end);
    expect(SENTENCE_END.test(c.text) || endsLine).toBe(true);
    const inside = units.filter((u) => u.start >= c.start && u.end <= c.end);
    if (c.end - c.start > maxChars) expect(inside).toHaveLength(1);
    // Never crosses a section boundary, except that a bare parent heading ("第一章 总则")
    // joins the first chunk of its first subsection, whose path names it.
    const section = doc.sections.find((s) => s.start < c.end && c.end <= s.end)!;
    expect(c.sectionPath).toEqual(section.path);
    if (c.start < section.start) {
      const parent = doc.sections.find((s) => s.start <= c.start && c.start < s.end)!;
      expect(section.path.slice(0, parent.path.length)).toEqual(parent.path);
      expect(doc.text.slice(c.start, section.start).trim().length).toBeLessThanOrEqual(30);
    }
  });
  // Every unit lies in exactly one chunk, whole.
  for (const u of units) {
    const holders = chunks.filter((c) => u.start < c.end && c.start < u.end);
    expect(holders).toHaveLength(1);
    expect(holders[0].start <= u.start && u.end <= holders[0].end).toBe(true);
  }
}

describe("chunkDocument", () => {
  it.each([SEED_REL, RULE_REL])("keeps its invariants on %s at several sizes", async (rel) => {
    const doc = await loadCorpusDoc(rel);
    for (const maxChars of [40, 120, DEFAULT_CHUNK_CHARS, 1000])
      checkInvariants(doc, chunkDocument(doc, { maxChars }), maxChars);
  });

  it("puts the 30% sentence in a chunk under 三 >（四）with the 500万元 cap", async () => {
    const doc = await loadCorpusDoc(SEED_REL);
    const chunk = chunkDocument(doc).find((c) => c.text.includes("按照不超过申报单位上年度实际投资额的30%给予扶持"))!;
    expect(labels(chunk.sectionPath)).toEqual(["三", "（四）"]);
    expect(chunk.sectionPath[1].title).toBe("加快公共技术服务平台建设");
    expect(chunk.text).toContain("且年度最高不超过500万元");
    expect(chunk.hash).toBe(chunkHash(chunk.text));
  });

  it("starts a new chunk at 二是 even when there is room", async () => {
    const doc = await loadCorpusDoc(SEED_REL);
    const chunks = chunkDocument(doc, { maxChars: 5000 });
    expect(chunks.some((c) => c.text.startsWith("二是开展产业链集聚定向招商专项工作"))).toBe(true);
    expect(chunks.every((c) => !/。二是/.test(c.text))).toBe(true);
  });

  it("does not put the closing matter with 三（六）", async () => {
    const doc = await loadCorpusDoc(SEED_REL);
    const last = chunkDocument(doc, { maxChars: 5000 }).at(-1)!;
    expect(last.sectionPath).toEqual([]);
    expect(last.text.startsWith("再次感谢")).toBe(true);
  });

  it("is stable: same input, same ids and hashes", async () => {
    const doc = await loadCorpusDoc(RULE_REL);
    expect(chunkDocument(doc)).toEqual(chunkDocument(doc));
  });
});

describe("chunkDocument with tables", () => {
  for (const name of ["table.docx", "table.html"]) {
    it(`${name}: a row's figure stays with its header, even at a tiny maxChars`, async () => {
      const { text, tableRows } = await extractText(name, fixture(name));
      const doc = parseDocument(`uploads/${name}`, text, tableRows, `uploads/${name}`);
      for (const maxChars of [10, DEFAULT_CHUNK_CHARS]) {
        const chunks = chunkDocument(doc, { maxChars });
        checkInvariants(doc, chunks, maxChars);
        const row = chunks.find((c) => c.text.includes("30%"))!;
        expect(row.text).toContain("项目名称：公共技术服务平台；支持比例：30%；最高金额：500万元");
        expect(labels(row.sectionPath)).toEqual(["一"]);
      }
    });
  }
});

describe("bare headings", () => {
  it("joins a chapter heading line to the first chunk of its first article", async () => {
    const { loadFile } = await import("../../src/ingest/load-file.js");
    const rel = "policy-rules/示例-深圳市中小企业数字化转型扶持计划操作规程.txt";
    const { doc } = await loadFile(`corpus/${rel}`, rel);
    const chunks = chunkDocument(doc, { maxChars: 250 });
    expect(chunks.some((c) => /^第[一二三四五六七八九十]+章\s*\S{1,10}$/.test(c.text.trim()))).toBe(false);
    const first = chunks.find((c) => c.text.includes("第一章"))!;
    expect(first.text).toMatch(/^第一章 总则\s*\n第一条/);
    expect(first.sectionPath.map((h) => h.label)).toEqual(["第一章", "第一条"]);
  });
});
