/**
 * Load and faults, on loopback and bounded in time. Starts the service (`node --import tsx
 * src/main.ts`, offline, no rate limit) on a copy of the corpus in a temporary DATA_DIR, then:
 *   1. one instance: askers for --seconds idle, then again while uploads re-index in a loop;
 *   2. two instances sharing the corpus and data dir: the same (uploads go to the first one);
 *   3. kill -9 of an instance mid-upload and mid-feedback, restart, and check nothing
 *      acknowledged was lost and nothing is half-written.
 * Prints a Markdown table and writes bench/results/load[-label].{json,md}. The environment
 * (e.g. DATABASE_URL) passes through to the instances.
 *
 *   npm run load -- [--quick] [--seconds 30] [--connections 50] [--trials 3] [--label after] [--corpus ./corpus]
 */
import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isEntryPoint, parseCommandLine, runParsed, UsageError } from "./entry.js";
import { runAskers } from "./load/askers.js";
import { killMidFeedback, killMidUpload, probeUploadMs, type FaultTrial } from "./load/faults.js";
import { ServiceInstance } from "./load/instance.js";
import { reindexLoop } from "./load/reindex-loop.js";
import { compare, loadMarkdown, type LoadResult, type PhaseResult } from "./load/report.js";
import { overlapsAny, summarize } from "./load/stats.js";

export interface LoadOptions {
  seconds: number;
  connections: number;
  trials: number;
  label: string;
  corpus: string;
  outDir: string;
  keep: boolean;
}

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`输入有误：--${name} 应为正整数，收到 “${value}”`);
  return n;
}

export function parseLoadArgs(argv: string[]): LoadOptions {
  const { values } = parseCommandLine(argv, {
    options: {
      quick: { type: "boolean", default: false },
      seconds: { type: "string" },
      connections: { type: "string", default: "50" },
      trials: { type: "string" },
      label: { type: "string" },
      corpus: { type: "string", default: "corpus" },
      out: { type: "string", default: "bench/results" },
      keep: { type: "boolean", default: false },
    },
  });
  const quick = values.quick;
  return {
    seconds: positiveInt("seconds", values.seconds ?? (quick ? "5" : "30")),
    connections: positiveInt("connections", values.connections),
    trials: positiveInt("trials", values.trials ?? (quick ? "2" : "3")),
    label: values.label ?? (quick ? "quick" : "latest"),
    corpus: path.resolve(values.corpus),
    outDir: path.resolve(values.out),
    keep: values.keep,
  };
}

export function main(argv: string[]): Promise<number> {
  return runParsed(argv, parseLoadArgs, runLoad);
}

async function sampleQuestions(): Promise<string[]> {
  const text = await readFile(new URL("../../eval/sets/sample.jsonl", import.meta.url), "utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { question: string }).question);
}

async function phase(
  name: string,
  instances: ServiceInstance[],
  opts: LoadOptions,
  questions: string[],
  reindex: boolean,
): Promise<PhaseResult> {
  process.stderr.write(`… ${name}\n`);
  const stop = new AbortController();
  const loop = reindex ? reindexLoop(instances[0].url, stop.signal) : Promise.resolve([]);
  const run = await runAskers({
    urls: instances.map((i) => i.url),
    connections: opts.connections,
    seconds: opts.seconds,
    questions,
  });
  stop.abort();
  const uploads = await loop;
  const result: PhaseResult = {
    name,
    instances: instances.length,
    reindex,
    connections: opts.connections,
    seconds: opts.seconds,
    requests: run.requests,
    non2xx: run.non2xx,
    errors: run.errors,
    requestsPerSecond: Math.round(run.requests / run.seconds),
    latency: summarize(run.responses.map((r) => r.end - r.start)),
  };
  if (reindex) {
    const during = run.responses.filter((r) => overlapsAny(r, uploads));
    result.duringReindex = summarize(during.map((r) => r.end - r.start));
    result.reindexes = {
      count: uploads.length,
      failed: uploads.filter((u) => u.status !== 201).length,
      uploadMs: summarize(uploads.map((u) => u.end - u.start)),
      buildSeconds: summarize(uploads.flatMap((u) => (u.buildSeconds === undefined ? [] : [u.buildSeconds]))),
    };
    const status = await fetch(`${instances[0].url}/api/documents`).then(
      async (r) => ((await r.json()) as { status?: { loadMs?: number } }).status,
      () => undefined,
    );
    result.indexLoadMs = status?.loadMs;
  }
  return result;
}

/** A trial that could not be carried out (an instance that would not restart, say) counts as failed, with the reason. */
async function trial(kind: FaultTrial["kind"], n: number, run: () => Promise<FaultTrial>): Promise<FaultTrial> {
  try {
    return await run();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { kind, trial: n, killedAfterMs: NaN, acknowledged: 0, problems: [`trial failed: ${reason}`] };
  }
}

async function faults(instance: ServiceInstance, corpusDir: string, dataDir: string, trials: number) {
  const out: FaultTrial[] = [];
  const uploadMs = await probeUploadMs(instance);
  process.stderr.write(`… kill -9 mid-upload (an upload takes ${Math.round(uploadMs)} ms unkilled)\n`);
  // Kills spread over the upload: early (receiving, staging), middle (parsing), late (re-index, publish).
  for (let t = 0; t < trials; t++) {
    const killAfter = (uploadMs * (t + 0.5)) / trials;
    out.push(await trial("upload", t + 1, () => killMidUpload(instance, corpusDir, dataDir, t + 1, killAfter)));
  }
  process.stderr.write(`… kill -9 mid-feedback\n`);
  for (let t = 0; t < trials; t++) {
    out.push(await trial("feedback", t + 1, () => killMidFeedback(instance, dataDir, t + 1, 300 + 400 * t)));
  }
  return out;
}

function commitOf(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8" }).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return "unknown";
  }
}

async function runLoad(opts: LoadOptions): Promise<number> {
  const root = await mkdtemp(path.join(os.tmpdir(), "gxj-load-"));
  const corpusDir = path.join(root, "corpus");
  const dataDir = path.join(root, "data");
  await cp(opts.corpus, corpusDir, { recursive: true });
  const settings = (name: string) => ({
    name,
    corpusDir,
    dataDir,
    logFile: path.join(root, `${name}.log`),
    env: process.env,
  });
  const a = await ServiceInstance.create(settings("instance-a"));
  const b = await ServiceInstance.create(settings("instance-b"));
  // Interrupted (Ctrl-C) or failing, the script takes its instances with it.
  const killAll = () => [a, b].forEach((i) => i.killNow());
  process.once("exit", killAll);
  process.once("SIGINT", () => process.exit(130));
  process.once("SIGTERM", () => process.exit(143));
  const questions = await sampleQuestions();
  const result: LoadResult = {
    startedAt: new Date().toISOString(),
    commit: commitOf(),
    label: opts.label,
    options: {
      seconds: opts.seconds,
      connections: opts.connections,
      trials: opts.trials,
      corpus: path.relative(process.cwd(), opts.corpus) || ".",
      database: process.env.DATABASE_URL ? "DATABASE_URL" : "default",
    },
    phases: [],
    comparisons: [],
    faults: [],
  };
  try {
    process.stderr.write(`… starting (logs in ${root})\n`);
    await a.start();
    // Warm-up: the JIT and jieba's first calls, so the idle phase is not charged with them.
    await runAskers({ urls: [a.url], connections: opts.connections, seconds: 2, questions });
    const idle1 = await phase("1 instance, idle", [a], opts, questions, false);
    const busy1 = await phase("1 instance, re-index loop", [a], opts, questions, true);
    await b.start();
    await runAskers({ urls: [b.url], connections: opts.connections, seconds: 2, questions });
    const idle2 = await phase("2 instances, idle", [a, b], opts, questions, false);
    const busy2 = await phase("2 instances, re-index loop", [a, b], opts, questions, true);
    await b.stop();
    result.phases = [idle1, busy1, idle2, busy2];
    result.comparisons = [compare(idle1, busy1), compare(idle2, busy2)];
    result.faults = await faults(a, corpusDir, dataDir, opts.trials).catch((err: unknown) => [
      { kind: "upload" as const, trial: 0, killedAfterMs: NaN, acknowledged: 0, problems: [`faults: ${String(err)}`] },
    ]);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    if (!opts.keep) await rm(root, { recursive: true, force: true });
  }
  const markdown = loadMarkdown(result);
  await mkdir(opts.outDir, { recursive: true });
  const base = path.join(opts.outDir, opts.label === "latest" ? "load" : `load-${opts.label}`);
  await writeFile(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(`${base}.md`, markdown);
  process.stdout.write(`${markdown}\nwritten: ${base}.json, ${base}.md\n`);
  const faultsOk = result.faults.every((f) => f.problems.length === 0);
  return faultsOk ? 0 : 1;
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
