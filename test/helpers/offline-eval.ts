/** Runs a question set in-process against a fresh index of ./corpus with the offline answerer, once per test file. */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { loadConfig } from "../../src/config.js";
import { loadQuestionSet } from "../../src/eval/question-set.js";
import { openEvalKnowledgeBase, runEval, type EvalResult } from "../../src/eval/runner.js";

/** Fixed "today", so notes about whether a rule is in force do not change with the calendar. */
export const EVAL_TODAY = new Date("2025-06-01T12:00:00+08:00");

/** Registers the hooks that run `set`; the returned function gives its result inside tests. */
export function useOfflineEval(set: string): () => EvalResult {
  let dataDir: string | undefined;
  let result: EvalResult | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "gxj-eval-"));
    // An explicit, key-free environment: the gate measures the offline pipeline whatever .env says.
    const config = loadConfig({});
    const kb = await openEvalKnowledgeBase({ config, dataDir, corpusDir: "./corpus", now: () => EVAL_TODAY });
    result = await runEval(kb, await loadQuestionSet(set), { set, today: EVAL_TODAY });
  });
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!result) throw new Error(`the eval of ${set} did not run`);
    return result;
  };
}
