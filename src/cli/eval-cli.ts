/**
 * `npm run eval -- [options]` — see eval/README.md for the full description.
 *
 *   --set eval/sets/sample.jsonl         a question set (default), or
 *   --benchmark ncpqa|cmrc2018 --data <path> [--questions <file in --data>] [--sample N --seed S]
 *     [--bench-dir data/bench/<name>]
 *   --modes lexical,vector,hybrid        retrieval modes compared (answers always use hybrid)
 *   --url http://host:port [--token T]   ask a running service instead of the in-process pipeline
 *   --offline                            ignore CHAT_MODEL / EMBEDDING_MODEL (measure the offline pipeline)
 *   --rebuild                            rebuild the benchmark index even when the corpus is unchanged
 *   --judge                              LLM judge of faithfulness/relevance (needs a chat model)
 *   --usage                              ask the chat endpoint for token usage of streamed answers
 *   --out result.json --html report.html --baseline old.json
 *   --thresholds eval/thresholds/x.json  and/or --min-hit1 0.9 … (flags win over the file)
 *   --today yyyy-mm-dd --failures N (failures printed, default 30)
 * Exit code 1 when a threshold is not met, 2 on bad input.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { loadDotEnv, loadConfig } from "../config.js";
import { LlmAnswerer } from "../answer/llm-answerer.js";
import { loadPrompts } from "../answer/prompts.js";
import type { Answerer } from "../answer/types.js";
import { createChatModel } from "../providers/chat-model.js";
import { compareRuns, formatComparison } from "../eval/baseline.js";
import { BENCHMARKS, type BenchmarkName } from "../eval/benchmarks/common.js";
import { loadBenchmark } from "../eval/benchmarks/index.js";
import { defaultBenchDir, prepareBenchmark } from "../eval/benchmarks/prepare.js";
import { renderHtmlReport } from "../eval/html.js";
import { createJudge, loadJudgePrompts, TokenCounter } from "../eval/judge.js";
import { loadQuestionSet, QuestionSetError, type EvalQuestion } from "../eval/question-set.js";
import { formatFailure, formatSummary, formatViolations } from "../eval/report.js";
import { DEFAULT_EVAL_DATA_DIR, InvalidQuestionSetError, openEvalKnowledgeBase, RETRIEVAL_MODES, runEval, runRemoteEval, type EvalResult } from "../eval/runner.js";
import { checkThresholds, GATES, parseThresholds, ThresholdsError, type Thresholds } from "../eval/thresholds.js";
import type { RetrievalMode } from "../retrieve/search-index.js";

const thresholdOptions = Object.fromEntries(GATES.map((g) => [g.flag.slice(2), { type: "string" as const }]));
const { values } = parseArgs({
  options: {
    set: { type: "string" },
    benchmark: { type: "string" },
    data: { type: "string" },
    questions: { type: "string" },
    sample: { type: "string" },
    seed: { type: "string", default: "1" },
    "bench-dir": { type: "string" },
    modes: { type: "string" },
    url: { type: "string" },
    token: { type: "string" },
    offline: { type: "boolean", default: false },
    rebuild: { type: "boolean", default: false },
    judge: { type: "boolean", default: false },
    usage: { type: "boolean", default: false },
    out: { type: "string" },
    html: { type: "string" },
    baseline: { type: "string" },
    thresholds: { type: "string" },
    "data-dir": { type: "string", default: DEFAULT_EVAL_DATA_DIR },
    today: { type: "string" },
    failures: { type: "string", default: "30" },
    ...thresholdOptions,
  },
});
const opts = values as Record<string, string | boolean | undefined>;
const str = (k: string) => opts[k] as string | undefined;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function intOption(name: string): number | undefined {
  const raw = str(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) fail(`输入有误：--${name} 应为非负整数，收到 “${raw}”`);
  return n;
}

// ── Thresholds: the file first, command-line flags override. ──
let thresholds: Thresholds = {};
if (str("thresholds")) {
  try {
    thresholds = parseThresholds(JSON.parse(await readFile(str("thresholds")!, "utf8")), str("thresholds"));
  } catch (err) {
    if (err instanceof ThresholdsError || err instanceof SyntaxError || (err as NodeJS.ErrnoException).code === "ENOENT") fail(`门槛文件有误：${(err as Error).message}`);
    throw err;
  }
}
for (const g of GATES) {
  const raw = str(g.flag.slice(2));
  if (raw === undefined) continue;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1) fail(`输入有误：${g.flag} 应为 0 到 1 之间的数，收到 “${raw}”`);
  thresholds[g.key] = n;
}
const thresholdsGiven = Object.keys(thresholds).length > 0;

let today = new Date();
if (str("today") !== undefined) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(str("today")!)) fail(`输入有误：--today 应为 yyyy-mm-dd，收到 “${str("today")}”`);
  today = new Date(`${str("today")}T12:00:00+08:00`);
}

let modes: RetrievalMode[] = ["hybrid"];
if (str("modes")) {
  const asked = str("modes")!.split(",").map((m) => m.trim()).filter(Boolean);
  const bad = asked.filter((m) => !RETRIEVAL_MODES.includes(m as RetrievalMode));
  if (bad.length) fail(`输入有误：--modes 只接受 ${RETRIEVAL_MODES.join(",")}，收到 “${bad.join(",")}”`);
  modes = asked as RetrievalMode[];
}

const benchmarkName = str("benchmark");
if (benchmarkName !== undefined && !BENCHMARKS.includes(benchmarkName as BenchmarkName)) fail(`输入有误：--benchmark 只接受 ${BENCHMARKS.join("、")}`);
if (benchmarkName && !str("data")) fail("输入有误：--benchmark 需要 --data <数据目录>（例如 ../shared/data/ncpqa）");
if (benchmarkName && str("set")) fail("输入有误：--set 与 --benchmark 只能选一个");
const sample = intOption("sample");
const seed = intOption("seed") ?? 1;
const maxFailures = intOption("failures") ?? 30;

loadDotEnv();
const config = loadConfig(process.env, { offline: Boolean(opts.offline) });

// With a chat model: an answerer whose model reports token usage, and the judge when asked for.
const tokens = new TokenCounter();
let answerer: Answerer | undefined;
const chatModel = createChatModel(config);
if (chatModel) {
  chatModel.callbacks = [tokens.handler];
  // Streamed answers carry token usage only when asked for (stream_options.include_usage); the
  // service leaves it off because some compatible servers reject it, so the eval asks only on --usage.
  if (opts.usage) chatModel.streamUsage = true;
  answerer = new LlmAnswerer({ model: chatModel, prompts: await loadPrompts(), timeoutMs: config.LLM_TIMEOUT_SECONDS * 1000 });
}
let judge: Parameters<typeof runEval>[2]["judge"];
if (opts.judge) {
  const judgeModel = createChatModel(config);
  if (!judgeModel) fail("输入有误：--judge 需要配置对话模型（CHAT_MODEL 与 OPENAI_API_KEY）");
  judge = createJudge(judgeModel, await loadJudgePrompts());
}

const bar = process.stderr.isTTY
  ? new cliProgress.SingleBar({ format: "评测 {bar} {value}/{total} {id}", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
  : undefined;
const onQuestion = (done: number, total: number, id: string) => {
  if (bar) bar.update(done, { id });
  else if (done % 100 === 0 || done === total) console.error(`评测 ${done}/${total}`);
};

let setName: string;
let questions: EvalQuestion[];
let result: EvalResult;
let benchmarkInfo: EvalResult["benchmark"];
try {
  if (benchmarkName) {
    const name = benchmarkName as BenchmarkName;
    setName = sample !== undefined ? `${name}-sample${sample}-seed${seed}` : name;
    if (str("url")) {
      // Against a service: the service's own corpus must hold the benchmark documents.
      const b = await loadBenchmark(name, str("data")!, { sample, seed, questionsFile: str("questions") });
      const texts = new Map(b.documents.map((d) => [d.docId, d.text]));
      questions = b.questions;
      benchmarkInfo = { name, data: str("data")!, sample: sample ?? null, seed: sample !== undefined ? seed : null, documents: b.documents.length };
      bar?.start(questions.length, 0, { id: "" });
      result = await runRemoteEval(questions, { url: str("url")!, token: str("token"), set: setName, today, onQuestion, judge, textOf: (id) => texts.get(id) });
    } else {
      const t0 = Date.now();
      const p = await prepareBenchmark(name, { dataPath: str("data")!, questionsFile: str("questions"), benchDir: str("bench-dir") ?? defaultBenchDir(name), sample, seed, config, now: () => today, answerer, rebuild: Boolean(opts.rebuild) });
      const { corpus, index } = p;
      console.error(
        `基准 ${name}：${p.benchmark.documents.length} 篇文档（写入 ${corpus.written}，未变 ${corpus.unchanged}，删除 ${corpus.removed}），${p.benchmark.questions.length} 题` +
          `${p.benchmark.dropped.length ? `（${p.benchmark.dropped.length} 题答案不在原文中，已跳过）` : ""}；` +
          `${index ? `索引用时 ${index.seconds.toFixed(1)} 秒` : "复用已有索引（改动了分块、分词或索引代码后请加 --rebuild）"}，准备共 ${((Date.now() - t0) / 1000).toFixed(1)} 秒`,
      );
      questions = p.benchmark.questions;
      benchmarkInfo = { name, data: str("data")!, sample: sample ?? null, seed: sample !== undefined ? seed : null, documents: p.benchmark.documents.length };
      bar?.start(questions.length, 0, { id: "" });
      result = await runEval(p.kb, questions, { set: setName, today, onQuestion, modes, judge, takeTokens: chatModel ? () => tokens.take() : undefined });
    }
    result.benchmark = benchmarkInfo;
  } else {
    const setFile = str("set") ?? "eval/sets/sample.jsonl";
    setName = setFile;
    questions = await loadQuestionSet(setFile).catch((err: unknown) => {
      if (err instanceof QuestionSetError || (err as NodeJS.ErrnoException).code === "ENOENT") fail(`评测集有误：${(err as Error).message}`);
      throw err;
    });
    bar?.start(questions.length, 0, { id: "" });
    if (str("url")) {
      result = await runRemoteEval(questions, { url: str("url")!, token: str("token"), set: setFile, today, onQuestion, judge });
    } else {
      const kb = await openEvalKnowledgeBase({ config, dataDir: str("data-dir"), now: () => today, answerer });
      result = await runEval(kb, questions, { set: setFile, today, onQuestion, modes, judge, takeTokens: chatModel ? () => tokens.take() : undefined });
    }
  }
} catch (err) {
  bar?.stop();
  if (err instanceof InvalidQuestionSetError) fail(`评测集有误：${err.message}`);
  throw err;
}
bar?.stop();

const baseName = path.basename(setName, path.extname(setName));
const outFile = str("out") ?? path.join("eval", "results", `${baseName}.json`);
await mkdir(path.dirname(outFile), { recursive: true });
await writeFile(outFile, `${JSON.stringify(result, null, 2)}\n`);

let comparison;
if (str("baseline")) {
  const base = JSON.parse(await readFile(str("baseline")!, "utf8").catch(() => fail(`输入有误：找不到基线文件 ${str("baseline")}`))) as EvalResult;
  comparison = compareRuns(base, result);
}
const violations = checkThresholds(result.aggregate.overall, thresholds);
const htmlFile = str("html") ?? outFile.replace(/\.json$/, "") + ".html";
await writeFile(htmlFile, renderHtmlReport(result, { comparison, violations, thresholdsGiven }));

console.log(formatSummary(result));
if (!chatModel) console.log("token：n/a（未配置对话模型，离线抽取式回答）");
else if (result.aggregate.overall.tokensTotal == null) console.log("token：n/a（接口未报告用量）");
console.log("");
const failed = result.questions.filter((q) => q.diagnosis !== null);
if (!failed.length) console.log("全部问题通过。");
else {
  console.log(`未通过 ${failed.length} 题${failed.length > maxFailures ? `（列出前 ${maxFailures} 题，完整列表见 HTML/JSON）` : ""}：`);
  for (const s of failed.slice(0, maxFailures)) console.log(formatFailure(s));
}
if (comparison) {
  console.log("");
  console.log(formatComparison(comparison));
}
console.log("");
console.log(`结果已写入 ${outFile}，报告 ${htmlFile}`);

if (violations.length) {
  console.error(formatViolations(violations));
  process.exit(1);
}
