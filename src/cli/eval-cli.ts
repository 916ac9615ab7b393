/**
 * `npm run eval -- [--set eval/sets/sample.jsonl] [--out eval/results/sample.json]
 *   [--data-dir ./data/eval-sample] [--today 2025-01-01]
 *   [--min-fact-accuracy 0.9] [--min-hit1 …] [--min-hit5 …] [--min-mrr …] [--min-grounded …]
 *   [--min-refusal-accuracy …] [--max-false-refusal …]`
 * Exit code 1 when a threshold is not met, 2 on bad input.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { loadDotEnv } from "../config.js";
import { loadQuestionSet, QuestionSetError } from "../eval/question-set.js";
import { formatFailures, formatSummary, formatViolations } from "../eval/report.js";
import { DEFAULT_EVAL_DATA_DIR, InvalidQuestionSetError, openEvalKnowledgeBase, runEval } from "../eval/runner.js";
import { checkThresholds, GATES, type Thresholds } from "../eval/thresholds.js";

const thresholdOptions = Object.fromEntries(GATES.map((g) => [g.flag.slice(2), { type: "string" as const }]));
const { values } = parseArgs({
  options: {
    set: { type: "string", default: "eval/sets/sample.jsonl" },
    out: { type: "string" },
    "data-dir": { type: "string", default: DEFAULT_EVAL_DATA_DIR },
    today: { type: "string" },
    ...thresholdOptions,
  },
});
const opts = values as Record<string, string | undefined>;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const thresholds: Thresholds = {};
for (const g of GATES) {
  const raw = opts[g.flag.slice(2)];
  if (raw === undefined) continue;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1) fail(`输入有误：${g.flag} 应为 0 到 1 之间的数，收到 “${raw}”`);
  thresholds[g.key] = n;
}
let today = new Date();
if (opts.today !== undefined) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) fail(`输入有误：--today 应为 yyyy-mm-dd，收到 “${opts.today}”`);
  today = new Date(`${opts.today}T12:00:00+08:00`);
}

const setFile = opts.set!;
const questions = await loadQuestionSet(setFile).catch((err: unknown) => {
  if (err instanceof QuestionSetError || (err as NodeJS.ErrnoException).code === "ENOENT") fail(`评测集有误：${(err as Error).message}`);
  throw err;
});

loadDotEnv();
const kb = await openEvalKnowledgeBase({ dataDir: opts["data-dir"], now: () => today });

const bar = process.stderr.isTTY
  ? new cliProgress.SingleBar({ format: "评测 {bar} {value}/{total} {id}", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
  : undefined;
bar?.start(questions.length, 0, { id: "" });
const result = await runEval(kb, questions, {
  set: setFile,
  today,
  onQuestion: (done, _total, id) => bar?.update(done, { id }),
})
  .catch((err: unknown) => {
    bar?.stop();
    if (err instanceof InvalidQuestionSetError) fail(`评测集有误：${err.message}`);
    throw err;
  })
  .finally(() => bar?.stop());

const outFile = opts.out ?? path.join("eval", "results", `${path.basename(setFile, path.extname(setFile))}.json`);
await mkdir(path.dirname(outFile), { recursive: true });
await writeFile(outFile, `${JSON.stringify(result, null, 2)}\n`);

console.log(formatSummary(result));
console.log("");
console.log(formatFailures(result));
console.log("");
console.log(`结果已写入 ${outFile}`);

const violations = checkThresholds(result.aggregate.overall, thresholds);
if (violations.length) {
  console.error(formatViolations(violations));
  process.exit(1);
}
