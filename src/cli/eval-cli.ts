/**
 * `npm run eval -- [options]`: see USAGE below and eval/README.md for the full description.
 * Exit code 1 when a threshold is not met, 2 on bad input.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import cliProgress from "cli-progress";
import { loadConfig, chatModelConfigured, type Config } from "../config.js";
import type { Answerer } from "../answer/types.js";
import { createChatModel } from "../providers/chat-model.js";
import { createAnswerer } from "../wiring.js";
import { compareRuns, formatComparison, type Comparison } from "../eval/baseline.js";
import { BENCHMARKS, type BenchmarkName } from "../eval/benchmarks/common.js";
import { loadBenchmark } from "../eval/benchmarks/index.js";
import { defaultBenchDir, prepareBenchmark, type PreparedBenchmark } from "../eval/benchmarks/prepare.js";
import { renderHtmlReport } from "../eval/html.js";
import { createJudge, loadJudgePrompts, TokenCounter } from "../eval/judge.js";
import { loadQuestionSet, QuestionSetError } from "../eval/question-set.js";
import { formatFailure, formatSummary, formatViolations } from "../eval/report.js";
import { formatSpanMisses, spanMisses } from "../eval/span-misses.js";
import {
  DEFAULT_EVAL_DATA_DIR,
  InvalidQuestionSetError,
  openEvalKnowledgeBase,
  RETRIEVAL_MODES,
  runEval,
  runRemoteEval,
  type EvalResult,
} from "../eval/runner.js";
import {
  checkThresholds,
  GATES,
  limitInRange,
  parseThresholds,
  ThresholdsError,
  type Thresholds,
  type Violation,
} from "../eval/thresholds.js";
import type { RetrievalMode } from "../retrieve/search-index.js";
import { cliConfig, isEntryPoint, parseCommandLine, USAGE_EXIT_CODE, UsageError } from "./entry.js";

export const USAGE = `npm run eval -- [options]

  --set eval/sets/sample.jsonl         a question set (default), or
  --benchmark ncpqa|cmrc2018|laws --data <path> [--questions <file in --data>] [--sample N --seed S]
    (laws: the set eval/sets/laws.jsonl on the files of eval/sets/laws-corpus.txt; another set of the
     law corpus with --set eval/sets/laws-staff.jsonl, or --questions, both a path)
    [--bench-dir data/bench/<name>]
  --modes lexical,vector,hybrid        retrieval modes compared (answers always use hybrid)
  --url http://host:port [--token T]   ask a running service instead of the in-process pipeline
  --offline                            ignore CHAT_MODEL / EMBEDDING_MODEL (measure the offline pipeline)
  --rebuild                            rebuild the benchmark index even when the corpus is unchanged
  --judge                              LLM judge of faithfulness/relevance (needs a chat model)
  --usage                              ask the chat endpoint for token usage of streamed answers
  --out result.json --html report.html --baseline old.json
  --thresholds eval/thresholds/x.json  and/or --min-hit1 0.9 … (flags win over the file)
  --today yyyy-mm-dd --failures N (failures printed, default 30)
  --data-dir ${DEFAULT_EVAL_DATA_DIR}   index of a question set's run
Exit code 1 when a threshold is not met, 2 on bad input.`;

/** The command line as options: every check that needs no file. */
export interface EvalCliOptions {
  help: boolean;
  set?: string;
  benchmark?: BenchmarkName;
  data?: string;
  questions?: string;
  sample?: number;
  seed: number;
  benchDir?: string;
  modes: RetrievalMode[];
  url?: string;
  token?: string;
  offline: boolean;
  rebuild: boolean;
  judge: boolean;
  usage: boolean;
  out?: string;
  html?: string;
  baseline?: string;
  thresholdsFile?: string;
  /** Thresholds given as flags; they win over the file's. */
  thresholdFlags: Thresholds;
  dataDir: string;
  today: Date;
  maxFailures: number;
}

const OPTIONS = {
  help: { type: "boolean", short: "h", default: false },
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
} as const;

/** Parse and check the command line; pure (a UsageError on bad input). */
export function parseEvalArgs(argv: string[]): EvalCliOptions {
  const thresholdOptions = Object.fromEntries(GATES.map((g) => [g.flag.slice(2), { type: "string" as const }]));
  const { values } = parseCommandLine(argv, { options: { ...OPTIONS, ...thresholdOptions } });
  const str = (k: string) => (values as Record<string, string | boolean | undefined>)[k] as string | undefined;
  const thresholdFlags = parseThresholdFlags(str);
  const today = parseToday(values.today);
  const modes = parseModes(values.modes);
  const benchmark = parseBenchmark(values);
  // The laws benchmark's questions live in the repository like a set's: --set names another of them.
  const lawsSet = benchmark === "laws" ? values.set : undefined;
  return {
    help: values.help,
    set: lawsSet ? undefined : values.set,
    benchmark,
    data: values.data,
    questions: values.questions ?? lawsSet,
    sample: intOption("sample", values.sample),
    seed: intOption("seed", values.seed) ?? 1,
    benchDir: values["bench-dir"],
    modes,
    url: values.url,
    token: values.token,
    offline: values.offline,
    rebuild: values.rebuild,
    judge: values.judge,
    usage: values.usage,
    out: values.out,
    html: values.html,
    baseline: values.baseline,
    thresholdsFile: values.thresholds,
    thresholdFlags,
    dataDir: values["data-dir"],
    today,
    maxFailures: intOption("failures", values.failures) ?? 30,
  };
}

function intOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`输入有误：--${name} 应为非负整数，收到 “${raw}”`);
  return n;
}

function parseThresholdFlags(str: (key: string) => string | undefined): Thresholds {
  const thresholds: Thresholds = {};
  for (const g of GATES) {
    const raw = str(g.flag.slice(2));
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!limitInRange(g, n))
      throw new UsageError(
        `输入有误：${g.flag} 应为${g.unit === "ms" ? "正的毫秒数" : " 0 到 1 之间的数"}，收到 “${raw}”`,
      );
    thresholds[g.key] = n;
  }
  return thresholds;
}

function parseToday(raw: string | undefined): Date {
  if (raw === undefined) return new Date();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) throw new UsageError(`输入有误：--today 应为 yyyy-mm-dd，收到 “${raw}”`);
  return new Date(`${raw}T12:00:00+08:00`);
}

function parseModes(raw: string | undefined): RetrievalMode[] {
  if (!raw) return ["hybrid"];
  const asked = raw
    .split(",")
    .map((m) => m.trim())
    .filter(Boolean);
  const bad = asked.filter((m) => !RETRIEVAL_MODES.includes(m as RetrievalMode));
  if (bad.length)
    throw new UsageError(`输入有误：--modes 只接受 ${RETRIEVAL_MODES.join(",")}，收到 “${bad.join(",")}”`);
  return asked as RetrievalMode[];
}

function parseBenchmark(values: {
  benchmark?: string;
  data?: string;
  set?: string;
  questions?: string;
}): BenchmarkName | undefined {
  const name = values.benchmark;
  if (name !== undefined && !BENCHMARKS.includes(name as BenchmarkName)) {
    throw new UsageError(`输入有误：--benchmark 只接受 ${BENCHMARKS.join("、")}`);
  }
  if (name && !values.data)
    throw new UsageError("输入有误：--benchmark 需要 --data <数据目录>（例如 ../shared/data/ncpqa）");
  if (name && name !== "laws" && values.set) throw new UsageError("输入有误：--set 与 --benchmark 只能选一个");
  if (name === "laws" && values.set && values.questions)
    throw new UsageError("输入有误：--benchmark laws 的问题集用 --set 或 --questions 之一");
  return (name || undefined) as BenchmarkName | undefined;
}

/** The thresholds file, then the flags over it. */
export async function resolveThresholds(
  opts: Pick<EvalCliOptions, "thresholdsFile" | "thresholdFlags">,
): Promise<Thresholds> {
  let thresholds: Thresholds = {};
  if (opts.thresholdsFile) {
    try {
      thresholds = parseThresholds(JSON.parse(await readFile(opts.thresholdsFile, "utf8")), opts.thresholdsFile);
    } catch (err) {
      const known =
        err instanceof ThresholdsError ||
        err instanceof SyntaxError ||
        (err as NodeJS.ErrnoException).code === "ENOENT";
      if (known) throw new UsageError(`门槛文件有误：${(err as Error).message}`);
      throw err;
    }
  }
  return { ...thresholds, ...opts.thresholdFlags };
}

/** What answers and judges: the configured answerer with a token counter, and the judge when asked for. */
interface EvalModels {
  answerer: Answerer;
  /** Set only with a chat model (the extractive answerer uses no tokens). */
  takeTokens?: () => number | null;
  judge?: Parameters<typeof runEval>[2]["judge"];
}

async function createEvalModels(config: Config, opts: Pick<EvalCliOptions, "usage" | "judge">): Promise<EvalModels> {
  const tokens = new TokenCounter();
  // Streamed answers carry token usage only when asked for (stream_options.include_usage); the
  // service leaves it off because some compatible servers reject it, so the eval asks only on --usage.
  const answerer = await createAnswerer(config, { callbacks: [tokens.handler], streamUsage: opts.usage });
  const models: EvalModels = { answerer, takeTokens: chatModelConfigured(config) ? () => tokens.take() : undefined };
  if (opts.judge) {
    const judgeModel = await createChatModel(config);
    if (!judgeModel) throw new UsageError("输入有误：--judge 需要配置对话模型（CHAT_MODEL 与 OPENAI_API_KEY）");
    models.judge = createJudge(judgeModel, await loadJudgePrompts());
  }
  return models;
}

/** Console output of a run; `progress` is the terminal for the progress bar, if any. */
export interface EvalIO {
  out?: (line: string) => void;
  err?: (line: string) => void;
  progress?: NodeJS.WritableStream;
  /** The environment to configure from; by default ./.env loaded into process.env. */
  env?: Record<string, string | undefined>;
}

interface Progress {
  start(total: number): void;
  onQuestion(done: number, total: number, id: string): void;
  stop(): void;
}

/** A bar on a terminal; elsewhere a line every 100 questions and at the end. */
function createProgress(stream: NodeJS.WritableStream | undefined, err: (line: string) => void): Progress {
  const bar = stream
    ? new cliProgress.SingleBar(
        { format: "评测 {bar} {value}/{total} {id}", stream, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  return {
    start: (total) => bar?.start(total, 0, { id: "" }),
    onQuestion: (done, total, id) => {
      if (bar) bar.update(done, { id });
      else if (done % 100 === 0 || done === total) err(`评测 ${done}/${total}`);
    },
    stop: () => bar?.stop(),
  };
}

interface RunContext {
  opts: EvalCliOptions;
  config: Config;
  models: EvalModels;
  progress: Progress;
  err: (line: string) => void;
}

/** A run's result and the name its output files are named after. */
interface EvalRun {
  setName: string;
  result: EvalResult;
}

async function runBenchmark(ctx: RunContext, name: BenchmarkName): Promise<EvalRun> {
  const { opts, models, progress } = ctx;
  const { sample, seed, today } = opts;
  const setName = sample !== undefined ? `${name}-sample${sample}-seed${seed}` : name;
  const info = (documents: number): EvalResult["benchmark"] => ({
    name,
    data: opts.data!,
    sample: sample ?? null,
    seed: sample !== undefined ? seed : null,
    documents,
  });
  let result: EvalResult;
  if (opts.url) {
    // Against a service: the service's own corpus must hold the benchmark documents.
    const b = await loadBenchmark(name, opts.data!, { sample, seed, questionsFile: opts.questions });
    const texts = new Map(b.documents.map((d) => [d.docId, d.text]));
    progress.start(b.questions.length);
    const remote = {
      url: opts.url,
      token: opts.token,
      set: setName,
      today,
      onQuestion: progress.onQuestion,
      judge: models.judge,
    };
    result = await runRemoteEval(b.questions, { ...remote, textOf: (id) => texts.get(id) });
    result.benchmark = info(b.documents.length);
  } else {
    const t0 = Date.now();
    const benchDir = opts.benchDir ?? defaultBenchDir(name);
    const prepare = {
      dataPath: opts.data!,
      questionsFile: opts.questions,
      benchDir,
      sample,
      seed,
      config: ctx.config,
      now: () => today,
    };
    const p = await prepareBenchmark(name, { ...prepare, answerer: models.answerer, rebuild: opts.rebuild });
    ctx.err(preparationLine(name, p, (Date.now() - t0) / 1000));
    progress.start(p.benchmark.questions.length);
    const { judge, takeTokens } = models;
    const run = { set: setName, today, onQuestion: progress.onQuestion, modes: opts.modes, judge, takeTokens };
    result = await runEval(p.kb, p.benchmark.questions, run);
    result.benchmark = info(p.benchmark.documents.length);
  }
  return { setName, result };
}

/** What preparing a benchmark did: documents written, questions kept, index built or reused. */
function preparationLine(name: BenchmarkName, p: PreparedBenchmark, seconds: number): string {
  const { benchmark, corpus, index } = p;
  return (
    `基准 ${name}：${benchmark.documents.length} 篇文档` +
    `（写入 ${corpus.written}，未变 ${corpus.unchanged}，删除 ${corpus.removed}），${benchmark.questions.length} 题` +
    `${benchmark.dropped.length ? `（${benchmark.dropped.length} 题答案不在原文中，已跳过）` : ""}；` +
    `${index ? `索引用时 ${index.seconds.toFixed(1)} 秒` : "复用已有索引（改动了分块、分词或索引代码后请加 --rebuild）"}` +
    `，准备共 ${seconds.toFixed(1)} 秒`
  );
}

async function runQuestionSet(ctx: RunContext): Promise<EvalRun> {
  const { opts, models, progress } = ctx;
  const setFile = opts.set ?? "eval/sets/sample.jsonl";
  const questions = await loadQuestionSet(setFile).catch((err: unknown) => {
    const known = err instanceof QuestionSetError || (err as NodeJS.ErrnoException).code === "ENOENT";
    if (known) throw new UsageError(`评测集有误：${(err as Error).message}`);
    throw err;
  });
  progress.start(questions.length);
  const common = { set: setFile, today: opts.today, onQuestion: progress.onQuestion, judge: models.judge };
  if (opts.url)
    return {
      setName: setFile,
      result: await runRemoteEval(questions, { ...common, url: opts.url, token: opts.token }),
    };
  const kb = await openEvalKnowledgeBase({
    config: ctx.config,
    dataDir: opts.dataDir,
    now: () => opts.today,
    answerer: models.answerer,
  });
  return {
    setName: setFile,
    result: await runEval(kb, questions, { ...common, modes: opts.modes, takeTokens: models.takeTokens }),
  };
}

/** The run the options ask for, the progress bar stopped however it ends. */
async function runSelected(ctx: RunContext): Promise<EvalRun> {
  try {
    return ctx.opts.benchmark ? await runBenchmark(ctx, ctx.opts.benchmark) : await runQuestionSet(ctx);
  } catch (err) {
    if (err instanceof InvalidQuestionSetError) throw new UsageError(`评测集有误：${err.message}`);
    throw err;
  } finally {
    ctx.progress.stop();
  }
}

interface Written {
  outFile: string;
  htmlFile: string;
  comparison?: Comparison;
  violations: Violation[];
}

/** The JSON result, the comparison with the baseline, the threshold check and the HTML report. */
async function writeResults(opts: EvalCliOptions, run: EvalRun, thresholds: Thresholds): Promise<Written> {
  const baseName = path.basename(run.setName, path.extname(run.setName));
  const outFile = opts.out ?? path.join("eval", "results", `${baseName}.json`);
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, `${JSON.stringify(run.result, null, 2)}\n`);
  let comparison: Comparison | undefined;
  if (opts.baseline) {
    const text = await readFile(opts.baseline, "utf8").catch(() => {
      throw new UsageError(`输入有误：找不到基线文件 ${opts.baseline}`);
    });
    comparison = compareRuns(JSON.parse(text) as EvalResult, run.result);
  }
  const violations = checkThresholds(run.result.aggregate.overall, thresholds);
  const htmlFile = opts.html ?? outFile.replace(/\.json$/, "") + ".html";
  const thresholdsGiven = Object.keys(thresholds).length > 0;
  await writeFile(htmlFile, renderHtmlReport(run.result, { comparison, violations, thresholdsGiven }));
  return { outFile, htmlFile, comparison, violations };
}

function printReport(
  out: (line: string) => void,
  result: EvalResult,
  written: Written,
  chatModel: boolean,
  maxFailures: number,
): void {
  out(formatSummary(result));
  const misses = formatSpanMisses(spanMisses(result.questions));
  if (misses) out(misses);
  if (!chatModel) out("token：n/a（未配置对话模型，离线抽取式回答）");
  else if (result.aggregate.overall.tokensTotal == null) out("token：n/a（接口未报告用量）");
  out("");
  const failed = result.questions.filter((q) => q.diagnosis !== null);
  if (!failed.length) out("全部问题通过。");
  else {
    out(
      `未通过 ${failed.length} 题${failed.length > maxFailures ? `（列出前 ${maxFailures} 题，完整列表见 HTML/JSON）` : ""}：`,
    );
    for (const s of failed.slice(0, maxFailures)) out(formatFailure(s));
  }
  if (written.comparison) {
    out("");
    out(formatComparison(written.comparison));
  }
  out("");
  out(`结果已写入 ${written.outFile}，报告 ${written.htmlFile}`);
}

/** Runs the eval CLI; returns the exit code (0, 1 when a threshold is not met, 2 on bad input). */
export async function main(argv: string[], io: EvalIO = {}): Promise<number> {
  const out = io.out ?? ((line: string) => console.log(line));
  const err = io.err ?? ((line: string) => console.error(line));
  try {
    const opts = parseEvalArgs(argv);
    if (opts.help) {
      out(USAGE);
      return 0;
    }
    const thresholds = await resolveThresholds(opts);
    const config = io.env ? loadConfig(io.env, { offline: opts.offline }) : cliConfig({ offline: opts.offline });
    const models = await createEvalModels(config, opts);
    const progress = createProgress(
      "progress" in io ? io.progress : process.stderr.isTTY ? process.stderr : undefined,
      err,
    );
    const run = await runSelected({ opts, config, models, progress, err });
    const written = await writeResults(opts, run, thresholds);
    printReport(out, run.result, written, chatModelConfigured(config), opts.maxFailures);
    if (!written.violations.length) return 0;
    err(formatViolations(written.violations));
    return 1;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(e.message);
    return USAGE_EXIT_CODE;
  }
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
