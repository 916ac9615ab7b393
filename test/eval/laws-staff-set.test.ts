/**
 * Guards of the staff-worded laws set (eval/sets/laws-staff.jsonl, built from
 * eval/laws/staff-spec.jsonl on the laws corpus list as it is), without the data: size, refusals,
 * the phrasing families, every gold file in the corpus list. With the data unpacked in
 * data/bench/lawrefbook, also that every gold paragraph or item is the file's text as the
 * generator cut it (skipped, with a message, when the data is absent).
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseLawMarkdown } from "../../src/eval/benchmarks/law-text.js";
import { LAWS_CORPUS_LIST, parseCorpusList } from "../../src/eval/benchmarks/laws.js";
import { loadQuestionSet } from "../../src/eval/question-set.js";

const SET = "eval/sets/laws-staff.jsonl";
const questions = await loadQuestionSet(SET);
const corpus = parseCorpusList(await readFile(LAWS_CORPUS_LIST, "utf8"));
const tagged = (tag: string) => questions.filter((q) => q.tags?.includes(tag));

describe("the staff-worded laws set", () => {
  it("has about sixty questions, twelve or more of them refusals, every one tagged law", () => {
    expect(questions.length).toBeGreaterThanOrEqual(55);
    expect(questions.filter((q) => !q.answerable).length).toBeGreaterThanOrEqual(12);
    expect(questions.every((q) => q.tags?.includes("law") && q.id.startsWith("ls-"))).toBe(true);
  });

  it("asks in the ways staff do: short forms, numerals, 款 and 项, which article, dates, and refusals of each kind", () => {
    for (const t of ["article", "paragraph", "item", "which-article", "has-provision", "in-force-from", "revised-when"])
      expect(tagged(t).length, t).toBeGreaterThanOrEqual(2);
    for (const t of ["abbreviation", "arabic", "book-title", "full-name", "topic-tail", "terse"])
      expect(tagged(t).length, t).toBeGreaterThanOrEqual(1);
    for (const t of ["past-end", "absent-law", "repealed", "absent-version"])
      expect(tagged(t).length, t).toBeGreaterThanOrEqual(2);
  });

  it("shares no question with the laws set, and takes every gold file from the corpus list", async () => {
    const laws = new Set((await loadQuestionSet("eval/sets/laws.jsonl")).map((q) => q.question));
    expect(questions.filter((q) => laws.has(q.question)).map((q) => q.id)).toEqual([]);
    for (const q of questions.filter((x) => x.gold)) expect(corpus, q.id).toContain(q.gold!.docId);
  });
});

const DATA = "data/bench/lawrefbook";
const hasData = existsSync(path.join(DATA, corpus[0]));
if (!hasData) console.warn(`laws staff set: gold texts not checked against the data: ${DATA} not present`);

describe.skipIf(!hasData)("the staff-worded laws set against the law files", () => {
  it("holds lines of the asked article as gold paragraphs: all of them for a whole article", async () => {
    for (const q of questions.filter((x) => x.gold?.paragraphs)) {
      const law = parseLawMarkdown(await readFile(path.join(DATA, q.gold!.docId), "utf8"));
      const article = law.articles.find((a) => a.paragraphs.join("\n").includes(q.gold!.paragraphs!.join("\n")));
      expect(article, q.id).toBeTruthy();
      if (q.tags!.includes("article")) expect(article!.paragraphs, q.id).toEqual(q.gold!.paragraphs);
    }
  });
});
