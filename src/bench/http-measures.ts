/**
 * Measures over HTTP on loopback, the same for the project's service and the baseline's: readiness,
 * sequential asks (latency and answer in the top 8), load at N clients (autocannon), and asks
 * while a re-index runs. Each system is reached through an AskClient.
 */
import autocannon from "autocannon";
import { answerInPassages, type RetrievedPassage } from "./answer-match.js";
import type { RunningChild } from "./child.js";
import { readMemory, saysOutOfMemory } from "./child.js";
import type { BenchQuestion } from "./questions.js";
import type { LoadMeasure, ReindexMeasure, SequentialMeasure } from "./result.js";
import { percentile, rate, summarize } from "./stats.js";
import { StepError } from "./step.js";

export interface AskClient {
  baseUrl: string;
  /** The passages retrieved for a question, in rank order; throws on an HTTP error. */
  ask: (question: string) => Promise<RetrievedPassage[]>;
  /** The request autocannon sends for a question. */
  loadRequest: (question: string) => { method: "POST"; path: string; headers: Record<string, string>; body: string };
}

/** Seconds until GET /healthz answers 200; the service exiting first (or running out of memory) ends the step. */
export async function waitReady(baseUrl: string, service: RunningChild, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if (service.exited()) {
      const out = service.output();
      throw new StepError(saysOutOfMemory(out) ? "out-of-memory" : "failed", `service exited: ${tail(out)}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      await res.arrayBuffer();
      if (res.ok) return (performance.now() - t0) / 1000;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new StepError("timeout", `not ready after ${Math.round(timeoutMs / 1000)} s`);
}

export function memoryOf(service: RunningChild): number {
  return readMemory(service.child.pid!)?.rssMiB ?? NaN;
}

/** Every question once, one after another, after one warm-up ask; those asked by the deadline when it passes. */
export async function askSequentially(
  client: AskClient,
  questions: readonly BenchQuestion[],
  timeoutMs: number,
): Promise<SequentialMeasure> {
  await client.ask(questions[0].question).catch(() => undefined);
  const deadline = performance.now() + timeoutMs;
  const latencies: number[] = [];
  const hits: boolean[] = [];
  const failures = new Failures();
  let failed = 0;
  for (const q of questions) {
    // Past the deadline the questions asked so far still make a measure; `n` says how many.
    if (hits.length > 0 && performance.now() > deadline) break;
    const t0 = performance.now();
    try {
      const passages = await client.ask(q.question);
      latencies.push(performance.now() - t0);
      hits.push(answerInPassages(passages.slice(0, 8), q));
    } catch (err) {
      failed++;
      failures.add(err);
      hits.push(false);
    }
  }
  const s = summarize(latencies);
  if (hits.length === 0) throw new StepError("failed", "no questions");
  return { n: hits.length, failed, p50: s.p50, p95: s.p95, max: s.max, top8: rate(hits), ...failures.list() };
}

/** Requests per second at `connections` clients asking without pause for `durationSeconds`. */
export async function measureLoad(
  client: AskClient,
  questions: readonly BenchQuestion[],
  connections: number,
  durationSeconds: number,
): Promise<LoadMeasure> {
  const result = await autocannon({
    url: client.baseUrl,
    connections,
    duration: durationSeconds,
    timeout: 60,
    requests: questions.slice(0, 50).map((q) => client.loadRequest(q.question)),
  });
  return {
    connections,
    durationSeconds,
    requestsPerSecond: result.requests.total / durationSeconds,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    failed: result.errors + result.timeouts + result.non2xx,
  };
}

/**
 * Waits until the service has worked off what a load test left queued: an ask answered within
 * `quickMs`, or `timeoutMs` at most. Returns the seconds it took.
 */
export async function settle(client: AskClient, question: string, quickMs: number, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    const t = performance.now();
    await client.ask(question).catch(() => undefined);
    if (performance.now() - t <= quickMs) break;
  }
  return (performance.now() - t0) / 1000;
}

/**
 * One client asks without pause: for `idleMs` first (the idle p95 of this moment), then while
 * `reindex` runs. Asks that start before the re-index ends count as during it.
 */
export async function askDuringReindex(
  client: AskClient,
  questions: readonly BenchQuestion[],
  reindex: () => Promise<void>,
  options: { idleMs: number; timeoutMs: number },
): Promise<ReindexMeasure> {
  let i = 0;
  const next = () => questions[i++ % questions.length].question;
  const failures = new Failures();
  const timed = async (): Promise<number | undefined> => {
    const t0 = performance.now();
    try {
      await client.ask(next());
      return performance.now() - t0;
    } catch (err) {
      failures.add(err);
      return undefined;
    }
  };
  const idle: number[] = [];
  const idleEnd = performance.now() + options.idleMs;
  while (performance.now() < idleEnd) {
    const ms = await timed();
    if (ms !== undefined) idle.push(ms);
  }
  let done = false;
  let error: unknown;
  const t0 = performance.now();
  const running = reindex().then(
    () => void (done = true),
    (err) => void ((done = true), (error = err)),
  );
  const during: number[] = [];
  let failed = 0;
  while (!done) {
    if (performance.now() - t0 > options.timeoutMs)
      throw new StepError("timeout", `re-index still running after ${Math.round(options.timeoutMs / 1000)} s`);
    const ms = await timed();
    if (ms === undefined) failed++;
    else during.push(ms);
  }
  await running;
  if (error) throw error;
  const reindexSeconds = (performance.now() - t0) / 1000;
  return {
    reindexSeconds,
    n: during.length,
    failed,
    p95: percentile(during, 95),
    max: during.length ? Math.max(...during) : NaN,
    idleP95: percentile(idle, 95),
    ...failures.list(),
  };
}

/** The first few distinct messages of failed asks, so a result says why they failed. */
class Failures {
  private readonly messages = new Set<string>();
  add(err: unknown): void {
    if (this.messages.size < 3) this.messages.add(err instanceof Error ? err.message.slice(0, 300) : String(err));
  }
  list(): { failures?: string[] } {
    return this.messages.size ? { failures: [...this.messages] } : {};
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function tail(text: string, n = 5): string {
  return text.trim().split("\n").slice(-n).join("\n");
}
