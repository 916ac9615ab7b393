/**
 * Measures one corpus: both systems built from scratch, one file changed and brought up to date,
 * then each service started in turn on the existing index and asked. Every step is bounded and
 * recorded; a failed build skips what depends on it.
 */
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { changeOneFile, type Corpus } from "./corpora.js";
import { askDuringReindex, askSequentially, measureLoad, memoryOf, settle, waitReady } from "./http-measures.js";
import type { CorpusResult, SystemResult } from "./result.js";
import { runStep as runBoundedStep, skipped, type Step } from "./step.js";
import { saysOutOfMemory } from "./child.js";
import { freePort, type System } from "./systems.js";

export interface Budget {
  buildMs: number;
  updateMs: number;
  startMs: number;
  askMs: number;
  /** Questions asked one after another (the first n of the set). */
  sequentialQuestions: number;
  loadSeconds: number;
  reindexMs: number;
}

type Log = (message: string) => void;

function describe<T>(step: Step<T>): string {
  return step.status === "ok"
    ? `${step.seconds.toFixed(1)} s`
    : `${step.status} after ${step.seconds.toFixed(1)} s: ${step.error}`;
}

export async function runCorpus(
  corpus: Corpus,
  systems: readonly System[],
  workDir: string,
  budget: Budget,
  log: Log,
): Promise<CorpusResult> {
  const t0 = performance.now();
  const loadAverage = os.loadavg()[0];
  const dataDir = (s: System) => path.join(workDir, corpus.name, `${s.name}-data`);
  const results = new Map<System, SystemResult>();
  for (const s of systems) {
    rmSync(dataDir(s), { recursive: true, force: true });
    log(`${corpus.name}: ${s.name}: full build…`);
    const build = await runBoundedStep(() => s.build(corpus, dataDir(s), budget.buildMs));
    log(`${corpus.name}: ${s.name}: build ${describe(build)}`);
    results.set(s, { ...emptyResult(), build });
  }
  const resultOf = (name: System["name"]) => {
    const s = systems.find((x) => x.name === name);
    return s && results.get(s);
  };
  changeOneFile(corpus);
  for (const s of systems) {
    const r = results.get(s)!;
    if (r.build.status !== "ok") continue;
    r.incremental = await runBoundedStep(() => s.update(corpus, dataDir(s), budget.updateMs));
    log(`${corpus.name}: ${s.name}: update ${describe(r.incremental)}`);
  }
  for (const s of systems) {
    const r = results.get(s)!;
    if (r.build.status === "ok") await measureService(s, corpus, dataDir(s), budget, r, log);
  }
  return {
    name: corpus.name,
    files: corpus.files,
    chars: corpus.chars,
    questions: corpus.questions.length,
    project: resultOf("project") ?? emptyResult(NOT_MEASURED),
    baseline: resultOf("baseline") ?? emptyResult(NOT_MEASURED),
    seconds: (performance.now() - t0) / 1000,
    loadAverage,
  };
}

/** Why a system's steps are empty when a run measured only the other one (see mergeCorpora). */
export const NOT_MEASURED = "not measured in this run";

/** A corpus the harness could not measure at all (e.g. its files could not be written). */
export function emptyCorpusResult(name: string, reason: string): CorpusResult {
  return {
    name,
    files: 0,
    chars: 0,
    questions: 0,
    project: emptyResult(reason),
    baseline: emptyResult(reason),
    seconds: 0,
  };
}

function emptyResult(reason = "build failed"): SystemResult {
  return {
    build: skipped(reason),
    incremental: skipped(reason),
    start: skipped(reason),
    sequential: skipped(reason),
    load8: skipped(reason),
    load32: skipped(reason),
    duringReindex: skipped(reason),
  };
}

async function measureService(
  s: System,
  corpus: Corpus,
  dataDir: string,
  budget: Budget,
  r: SystemResult,
  log: Log,
): Promise<void> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const service = s.start(corpus, dataDir, port);
  // A service that died of memory makes every later ask fail: say so rather than "failed".
  const runStep = async <T>(fn: () => Promise<T>): Promise<Step<T>> => {
    const step = await runBoundedStep(fn);
    if (step.status === "failed" && service.exited() && saysOutOfMemory(service.output()))
      return { ...step, status: "out-of-memory" };
    return step;
  };
  try {
    r.start = await runStep(async () => {
      const readySeconds = await waitReady(baseUrl, service, budget.startMs);
      const health = (await (await fetch(`${baseUrl}/healthz`)).json()) as { chunks?: number };
      return { readySeconds, rssMiB: memoryOf(service), chunks: health.chunks };
    });
    log(`${corpus.name}: ${s.name}: service ${describe(r.start)}`);
    if (r.start.status !== "ok") return;
    const client = s.client(baseUrl);
    const questions = corpus.questions.slice(0, budget.sequentialQuestions);
    r.sequential = await runStep(() => askSequentially(client, questions, budget.askMs));
    log(`${corpus.name}: ${s.name}: sequential asks ${describe(r.sequential)}`);
    r.load8 = await runStep(() => measureLoad(client, corpus.questions, 8, budget.loadSeconds));
    r.load32 = await runStep(() => measureLoad(client, corpus.questions, 32, budget.loadSeconds));
    log(`${corpus.name}: ${s.name}: load ${describe(r.load8)}, ${describe(r.load32)}`);
    r.rssAfterAsksMiB = memoryOf(service);
    // Requests the load test left queued would count as "idle" latency: let them drain first.
    const p95 = r.sequential.status === "ok" ? r.sequential.value.p95 : 1000;
    await settle(client, corpus.questions[0].question, Math.max(2 * p95, 50), budget.askMs);
    r.duringReindex = await runStep(() =>
      askDuringReindex(client, corpus.questions, () => s.reindex(baseUrl, corpus), {
        idleMs: 2000,
        timeoutMs: budget.reindexMs,
      }),
    );
    log(`${corpus.name}: ${s.name}: asks during a re-index ${describe(r.duringReindex)}`);
  } finally {
    await service.stop();
  }
}
