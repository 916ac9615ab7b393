/**
 * The laws benchmark adapter on the two fixture law files (test/fixtures/bench/laws, real LawRefBook
 * format): the corpus list, the archive fallback (a real tar.gz made with the system tar), and a
 * whole in-process run, documents materialized under their folders, scored with the law metrics.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { materializeCorpus } from "../../src/eval/benchmarks/common.js";
import { lawsFromParts, loadLaws, parseCorpusList, resolveLawData } from "../../src/eval/benchmarks/laws.js";
import type { EvalQuestion } from "../../src/eval/question-set.js";
import { openEvalKnowledgeBase, runEval, type EvalResult } from "../../src/eval/runner.js";
import type { KnowledgeBase } from "../../src/service/knowledge-base.js";

const DATA = "test/fixtures/bench/laws";
const SME = "经济法/中小企业促进法(2017-09-01).md";
const AUCL = "经济法/反不正当竞争法(2019-04-23).md";

const question = (o: object) => JSON.stringify({ category: "fact", tags: ["law"], facts: [], answerable: true, ...o });
const SET = [
  question({
    id: "art8",
    question: "中小企业促进法第八条是怎么规定的？",
    facts: ["中央财政应当在本级预算中设立中小企业科目"],
    gold: {
      docId: SME,
      quote: "中央财政应当在本级预算中设立中小企业科目，安排中小企业发展专项资金。",
      paragraphs: [
        "中央财政应当在本级预算中设立中小企业科目，安排中小企业发展专项资金。",
        "县级以上地方各级人民政府应当根据实际情况，在本级财政预算中安排中小企业发展专项资金。",
      ],
    },
  }),
  question({ id: "nope", question: "人工智能法第三条是什么？", category: "unanswerable", answerable: false }),
].join("\n");

describe("laws adapter", () => {
  it("reads a corpus list: one path a line, comments and blank lines skipped, duplicates refused", () => {
    expect(parseCorpusList(`# header\n${SME}\n\n${AUCL}\n`)).toEqual([SME, AUCL]);
    expect(() => parseCorpusList(`${SME}\n${SME}\n`)).toThrow(/listed twice/);
  });

  it("refuses a question whose gold document is not in the selection", () => {
    expect(() => lawsFromParts([{ docId: AUCL, text: "x" }], SET)).toThrow(/art8 → 经济法/);
    expect(lawsFromParts([{ docId: SME, text: "x" }], SET, { sample: 1, seed: 1 }).questions).toHaveLength(1);
  });

  describe("with only the archive in --data", () => {
    let tmp: string;
    beforeAll(async () => {
      tmp = await mkdtemp(path.join(os.tmpdir(), "laws-archive-"));
      await promisify(execFile)("tar", ["-czf", path.join(tmp, "lawrefbook.tar.gz"), "-C", DATA, "."]);
    });
    afterAll(() => rm(tmp, { recursive: true, force: true }));

    it("unpacks it once into the unpack folder and reads the files from there", async () => {
      const unpack = path.join(tmp, "unpacked");
      expect(await resolveLawData(tmp, SME, unpack)).toBe(unpack);
      expect(await readdir(path.join(unpack, "经济法"))).toContain("中小企业促进法(2017-09-01).md");
      expect(await resolveLawData(tmp, SME, unpack)).toBe(unpack);
      expect(await resolveLawData(DATA, SME, unpack)).toBe(DATA);
      await expect(resolveLawData(path.join(tmp, "unpacked", "经济法"), "无此文件.md", unpack)).rejects.toThrow(
        /lawrefbook\.tar\.gz/,
      );
    });
  });
});

describe("a laws run on the fixture corpus", () => {
  let dir: string;
  let result: EvalResult;
  let kb: KnowledgeBase;
  let questions: EvalQuestion[];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "laws-bench-"));
    await writeFile(path.join(dir, "corpus.txt"), `${SME}\n${AUCL}\n`);
    await writeFile(path.join(dir, "laws.jsonl"), SET);
    const b = await loadLaws(DATA, {
      corpusList: path.join(dir, "corpus.txt"),
      questionsFile: path.join(dir, "laws.jsonl"),
    });
    const corpusDir = path.join(dir, "corpus");
    expect(await materializeCorpus(b.documents, corpusDir)).toEqual({ written: 2, unchanged: 0, removed: 0 });
    const config = loadConfig({}, { offline: true });
    kb = await openEvalKnowledgeBase({ config, dataDir: path.join(dir, "index-data"), corpusDir });
    questions = b.questions;
    result = await runEval(kb, b.questions, { set: "laws-fixture", today: new Date("2025-07-01") });
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("keeps the files' folders and names, and removes a file no longer selected", async () => {
    expect(await readdir(path.join(dir, "corpus", "经济法"))).toEqual(
      expect.arrayContaining(["中小企业促进法(2017-09-01).md", "反不正当竞争法(2019-04-23).md"]),
    );
    const only = [{ docId: SME, text: await readFile(path.join(DATA, SME), "utf8") }];
    expect(await materializeCorpus(only, path.join(dir, "corpus"))).toEqual({ written: 0, unchanged: 1, removed: 1 });
  });

  it("scores the law metrics: a law question has a law score, the refusal none for law or version", () => {
    const art8 = result.questions.find((q) => q.id === "art8")!;
    expect(art8.law).not.toBeNull();
    expect(art8.law!.missingParagraphs).not.toBeNull();
    const m = result.aggregate.overall;
    expect(m.wholeArticle).not.toBeNull();
    expect(m.firstCitationLaw).not.toBeNull();
    expect(result.questions.find((q) => q.id === "nope")!.law!.rightLaw).toBeNull();
  });

  it("stops on a gold paragraph the document does not hold", async () => {
    const broken = { ...questions[0], gold: { ...questions[0].gold!, paragraphs: ["本法自2099年1月1日起施行。"] } };
    await expect(runEval(kb, [broken], { set: "broken", today: new Date("2025-07-01") })).rejects.toThrow(
      /art8: gold paragraph not in the document: 本法自2099年/,
    );
  });
});
