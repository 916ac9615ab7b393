/**
 * Benchmark adapters on tiny fixture files (test/fixtures/bench, written for these tests in the
 * formats of ../shared/data), and a whole in-process run over the materialized fixture corpus.
 */
import { MIN_EVIDENCE_COVERAGE } from "../../src/answer/evidence.js";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { loadCmrc2018 } from "../../src/eval/benchmarks/cmrc2018.js";
import { guessCategory, materializeCorpus, sampleItems } from "../../src/eval/benchmarks/common.js";
import { loadNcpqa } from "../../src/eval/benchmarks/ncpqa.js";
import { prepareBenchmark } from "../../src/eval/benchmarks/prepare.js";
import { lexicalOverlap } from "../../src/eval/lexical-overlap.js";
import { parseQuestionSet } from "../../src/eval/question-set.js";
import { runEval, type EvalResult } from "../../src/eval/runner.js";

const NCPQA = "test/fixtures/bench/ncpqa";
const CMRC = "test/fixtures/bench/cmrc2018";

describe("ncpqa adapter", () => {
  it("turns documents into <docid>.txt and questions into span questions", async () => {
    const b = await loadNcpqa(NCPQA);
    expect(b.documents.map((d) => d.docId)).toEqual(["d1.txt", "d2.txt", "d3.txt", "d4.txt"]);
    expect(b.dropped).toEqual(["q5"]);
    const q1 = b.questions.find((q) => q.id === "q1")!;
    const text = b.documents[0].text;
    expect(q1.gold).toEqual({ docId: "d1.txt", quote: "所在街道办事处", start: text.indexOf("所在街道办事处") });
    expect(q1.facts).toEqual(["所在街道办事处"]);
    expect(q1.answerable).toBe(true);
    expect(q1.tags).toContain("span");
  });

  it("relocates an answer whose offsets do not point at it", async () => {
    const b = await loadNcpqa(NCPQA);
    const q3 = b.questions.find((q) => q.id === "q3")!;
    const text = b.documents.find((d) => d.docId === "d3.txt")!.text;
    expect(text.slice(q3.gold!.start!, q3.gold!.start! + q3.gold!.quote!.length)).toBe(q3.gold!.quote);
  });

  it("produces questions the question-set schema accepts", async () => {
    const b = await loadNcpqa(NCPQA);
    expect(parseQuestionSet(b.questions.map((q) => JSON.stringify(q)).join("\n"))).toHaveLength(b.questions.length);
  });
});

describe("CMRC 2018 adapter", () => {
  it("makes each paragraph a document and keeps the distinct reference answers as alternatives", async () => {
    const b = await loadCmrc2018(CMRC);
    expect(b.documents.map((d) => d.docId)).toEqual(["DEV_0.txt", "DEV_1.txt"]);
    expect(b.dropped).toEqual(["DEV_1_QUERY_1"]);
    const q0 = b.questions.find((q) => q.id === "DEV_0_QUERY_0")!;
    expect(q0.gold!.quote).toBe("北辰工作室");
    expect(q0.gold!.alternatives).toEqual([{ quote: "北辰", start: b.documents[0].text.indexOf("北辰") }]);
    expect(q0.facts).toEqual([["北辰工作室", "北辰"]]);
    // a wrong answer_start is corrected; a reference not in the context ("十二个") is dropped
    const q1 = b.questions.find((q) => q.id === "DEV_0_QUERY_1")!;
    expect(q1.gold!.start).toBe(b.documents[0].text.indexOf("12个"));
    expect(q1.gold!.alternatives!.map((a) => a.quote)).toEqual(["12个章节"]);
    expect(parseQuestionSet(b.questions.map((q) => JSON.stringify(q)).join("\n"))).toHaveLength(3);
  });
});

describe("sampling", () => {
  it("is deterministic for a seed, keeps the original order, and differs across seeds", () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const a = sampleItems(items, 10, 7);
    expect(a).toEqual(sampleItems(items, 10, 7));
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(new Set(a).size).toBe(10);
    expect(sampleItems(items, 10, 8)).not.toEqual(a);
    expect(sampleItems(items, undefined, 1)).toBe(items);
    expect(sampleItems(items, 500, 1)).toBe(items);
  });

  it("guesses a category from the wording", () => {
    expect(guessCategory("什么时候起暂停办公？")).toBe("date");
    expect(guessCategory("补贴最高多少？")).toBe("number");
    expect(guessCategory("到哪家企业督导？")).toBe("which");
    expect(guessCategory("如何应对疫情？")).toBe("fact");
  });
});

describe("materialized corpus and a run over it", () => {
  let dir: string;
  let result: EvalResult;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gxj-bench-"));
    const p = await prepareBenchmark("ncpqa", {
      dataPath: NCPQA,
      benchDir: dir,
      config: loadConfig({}),
      now: () => new Date("2025-06-01T12:00:00+08:00"),
    });
    expect(p.corpus).toEqual({ written: 4, unchanged: 0, removed: 0 });
    result = await runEval(p.kb, p.benchmark.questions, {
      set: "ncpqa-fixture",
      today: new Date("2025-06-01"),
      modes: ["lexical", "vector", "hybrid"],
    });
  }, 60_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("writes the documents as .txt under <dir>/corpus and the index under <dir>/index-data", async () => {
    expect((await readdir(path.join(dir, "corpus"))).sort()).toEqual(["d1.txt", "d2.txt", "d3.txt", "d4.txt"]);
    expect((await readdir(path.join(dir, "index-data"))).length).toBeGreaterThan(0);
  });

  it("leaves unchanged files alone and removes stale ones on the next run", async () => {
    await writeFile(path.join(dir, "corpus", "stale.txt"), "旧文件");
    const b = await loadNcpqa(NCPQA);
    expect(await materializeCorpus(b.documents, path.join(dir, "corpus"))).toEqual({
      written: 0,
      unchanged: 4,
      removed: 1,
    });
    expect(await readFile(path.join(dir, "corpus", "d3.txt"), "utf8")).toBe(b.documents[2].text);
  });

  it("scores every mode at document, answer-bearing and passage level, and span metrics", () => {
    expect(result.modes).toEqual(["lexical", "vector", "hybrid"]);
    const m = result.aggregate.overall;
    expect(Object.keys(m.modes!)).toEqual(["lexical", "vector", "hybrid"]);
    expect(m.modes!.hybrid.document.hit5).toBe(1);
    expect(m.modes!.hybrid.answerBearing.hit1!).toBeGreaterThanOrEqual(m.modes!.hybrid.document.hit1!);
    expect(m.spanF1).not.toBeNull();
    expect(m.spanContained).not.toBeNull();
    const q2 = result.questions.find((q) => q.id === "q2")!;
    expect(q2.modes!.hybrid.document.rank).not.toBeNull();
    expect(q2.span).toBeTruthy();
    expect(m.tokensTotal).toBeNull();
  });

  it("measures lexical overlap against the answer span's sentence, not the bare span", () => {
    const q4 = result.questions.find((q) => q.id === "q4")!;
    expect(q4.lexicalOverlap).toBe(
      lexicalOverlap("农贸市场每天消毒几次？", "各农贸市场应当每日消毒两次，经营者须佩戴口罩。"),
    );
    expect(q4.lexicalOverlap).toBeGreaterThan(lexicalOverlap("农贸市场每天消毒几次？", "每日消毒两次"));
    const measured = result.questions.map((q) => q.lexicalOverlap).filter((v): v is number => typeof v === "number");
    expect(measured).toHaveLength(result.questions.length);
    expect(result.aggregate.overall.meanLexicalOverlap).toBeCloseTo(
      measured.reduce((a, b) => a + b, 0) / measured.length,
      10,
    );
  });
});

describe("an answerer that fails", () => {
  it("fails its questions with the error as diagnosis, not the whole run", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "gxj-bench-err-"));
    try {
      const answerer = {
        name: "broken",
        minEvidence: MIN_EVIDENCE_COVERAGE,
        answer: async () => {
          throw new Error("endpoint down");
        },
      };
      const p = await prepareBenchmark("ncpqa", { dataPath: NCPQA, benchDir: dir, config: loadConfig({}), answerer });
      const r = await runEval(p.kb, p.benchmark.questions, { set: "x", today: new Date("2025-06-01") });
      expect(r.answerer).toBe("broken");
      const answered = r.questions.filter((q) => q.error !== undefined);
      expect(answered.length).toBeGreaterThan(0);
      expect(answered[0].diagnosis).toBe("error: endpoint down");
      expect(r.aggregate.overall.errors).toBe(answered.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
