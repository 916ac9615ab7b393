/**
 * `npm run bench [-- --quick] [--corpora law-10,law-33] [--label name]`: builds the bench corpora
 * and measures the project against the minisearch + jieba baseline (src/bench/), writing
 * bench/results/<label>.json and .md. `--render a.json b.json` prints one table over earlier runs.
 * Steps that fail, time out or run out of memory are recorded; the exit code is 0 unless the
 * harness itself breaks.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  CORPUS_NAMES,
  type CorpusName,
  materialize,
  missingData,
  QUICK_CORPORA,
  type Sources,
} from "../bench/corpora.js";
import type { BenchRun, CorpusResult } from "../bench/result.js";
import { type Budget, runCorpus } from "../bench/run-corpus.js";
import { emptyCorpusResult } from "../bench/run-corpus.js";
import { renderReport } from "../bench/table.js";
import { baselineSystem, projectSystem } from "../bench/systems.js";
import { isEntryPoint, parseCommandLine, runParsed, UsageError } from "./entry.js";

const OPTIONS = {
  quick: { type: "boolean", default: false },
  corpora: { type: "string" },
  label: { type: "string" },
  "out-dir": { type: "string", default: "bench/results" },
  data: { type: "string", default: "../shared/data" },
  "work-dir": { type: "string", default: "data/bench/scale" },
  "law-dir": { type: "string", default: "data/bench/lawrefbook" },
  questions: { type: "string", default: "200" },
  "synthetic-chunks": { type: "string", default: "100000" },
  "heap-mb": { type: "string" },
  timeout: { type: "string" },
  "build-timeout": { type: "string" },
  systems: { type: "string", default: "project,baseline" },
  render: { type: "boolean", default: false },
} as const;

export interface BenchOptions {
  quick: boolean;
  corpora: CorpusName[];
  label: string;
  outDir: string;
  sources: Sources;
  workDir: string;
  heapMb?: number;
  budget: Budget;
  render?: string[];
  /** Which systems to measure (both by default; one to re-measure it alone). */
  systems: Array<"project" | "baseline">;
}

const positive = (name: string, value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`输入有误：--${name} 应为正数，收到 “${value}”`);
  return n;
};

/**
 * Step bounds: --quick keeps the three small corpora near two minutes on a fast index;
 * --timeout (s) bounds updates and re-indexes, and builds too unless --build-timeout is given.
 */
export function budgetFor(quick: boolean, timeoutSeconds?: number, buildTimeoutSeconds?: number): Budget {
  const heavy = (timeoutSeconds ?? (quick ? 120 : 900)) * 1000;
  return {
    buildMs: buildTimeoutSeconds ? buildTimeoutSeconds * 1000 : heavy,
    updateMs: heavy,
    reindexMs: heavy,
    startMs: quick ? 60_000 : 600_000,
    askMs: quick ? 60_000 : 300_000,
    sequentialQuestions: quick ? 60 : Infinity,
    loadSeconds: quick ? 3 : 10,
  };
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  const { values, positionals } = parseCommandLine(argv, { options: OPTIONS, allowPositionals: true });
  const corpora = (values.corpora?.split(",").map((c) => c.trim()) ??
    (values.quick ? QUICK_CORPORA : CORPUS_NAMES)) as CorpusName[];
  const unknown = corpora.filter((c) => !CORPUS_NAMES.includes(c));
  if (unknown.length)
    throw new UsageError(`输入有误：未知语料 ${unknown.join("、")}（可选：${CORPUS_NAMES.join("、")}）`);
  const repoDir = process.cwd();
  return {
    quick: values.quick,
    corpora,
    label: values.label ?? (values.quick ? "quick" : corpora.join("+")),
    outDir: values["out-dir"],
    workDir: path.resolve(values["work-dir"]),
    heapMb: values["heap-mb"] ? positive("heap-mb", values["heap-mb"]) : undefined,
    budget: budgetFor(
      values.quick,
      values.timeout ? positive("timeout", values.timeout) : undefined,
      values["build-timeout"] ? positive("build-timeout", values["build-timeout"]) : undefined,
    ),
    sources: {
      repoDir,
      dataDir: path.resolve(values.data),
      lawDir: path.resolve(values["law-dir"]),
      questions: positive("questions", values.questions),
      syntheticChunks: positive("synthetic-chunks", values["synthetic-chunks"]),
      seed: 1,
    },
    render: values.render ? positionals : undefined,
    systems: parseSystems(values.systems),
  };
}

function parseSystems(value: string): Array<"project" | "baseline"> {
  const names = value.split(",").map((s) => s.trim());
  const wrong = names.filter((n) => n !== "project" && n !== "baseline");
  if (wrong.length || names.length === 0)
    throw new UsageError(`输入有误：--systems 只能是 project、baseline，收到 “${value}”`);
  return names as Array<"project" | "baseline">;
}

export function main(argv: string[]): Promise<number> {
  return runParsed(argv, parseBenchArgs, (opts) => (opts.render ? renderOnly(opts.render) : runBench(opts)));
}

async function renderOnly(files: string[]): Promise<number> {
  const runs = files.map((f) => JSON.parse(readFileSync(f, "utf8")) as BenchRun);
  console.log(renderReport(runs));
  return 0;
}

async function runBench(opts: BenchOptions): Promise<number> {
  const t0 = performance.now();
  const log = (m: string) => console.error(`[bench ${((performance.now() - t0) / 1000).toFixed(0)} s] ${m}`);
  const systemOptions = {
    repoDir: opts.sources.repoDir,
    nodeFlags: opts.heapMb ? [`--max-old-space-size=${opts.heapMb}`] : [],
  };
  const systems = [projectSystem(systemOptions), baselineSystem(systemOptions)].filter((s) =>
    opts.systems.includes(s.name),
  );
  const run: BenchRun = {
    startedAt: new Date().toISOString(),
    mode: opts.quick ? "quick" : "full",
    commit: gitCommit(),
    machine: {
      cpus: os.cpus().length,
      memoryGiB: os.totalmem() / 2 ** 30,
      loadAverage: os.loadavg(),
      node: process.version,
    },
    heap: opts.heapMb ? `--max-old-space-size=${opts.heapMb}` : "Node's default",
    corpora: [],
    totalSeconds: 0,
  };
  for (const name of opts.corpora) {
    const missing = missingData(name, opts.sources);
    if (missing) {
      log(`${name}: skipped: ${missing}`);
      continue;
    }
    let result: CorpusResult;
    try {
      const corpus = materialize(name, opts.sources, opts.workDir);
      log(`${name}: ${corpus.files} files, ${corpus.chars} characters, ${corpus.questions.length} questions`);
      result = await runCorpus(corpus, systems, opts.workDir, opts.budget, log);
    } catch (err) {
      log(`${name}: harness error: ${(err as Error).stack ?? String(err)}`);
      result = emptyCorpusResult(name, `harness error: ${(err as Error).message}`);
    }
    run.corpora.push(result);
    run.totalSeconds = (performance.now() - t0) / 1000;
    write(opts, run);
  }
  run.totalSeconds = (performance.now() - t0) / 1000;
  const report = write(opts, run);
  console.log(report);
  return 0;
}

/** Writes the JSON and the Markdown table (after every corpus, so a killed run keeps what it measured). */
function write(opts: BenchOptions, run: BenchRun): string {
  mkdirSync(opts.outDir, { recursive: true });
  const base = path.join(opts.outDir, opts.label);
  writeFileSync(`${base}.json`, JSON.stringify(run, null, 2) + "\n");
  const report = renderReport([run]);
  writeFileSync(`${base}.md`, report);
  return report;
}

function gitCommit(): string | undefined {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
