/**
 * Faults: an instance killed with SIGKILL in the middle of an upload (and its re-index) or of a
 * stream of feedback writes, then started again on the same folders. After the restart nothing
 * acknowledged may be missing and nothing may be half-written: no staged file in the corpus older
 * than a live upload's (start-up keeps younger ones: they may be another instance's), none indexed, an
 * uploaded file either absent or whole (and indexed exactly when it is on disk), the index one
 * complete generation, every feedback line whole.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { STAGED_WRITE_GRACE_MS, STAGING_PREFIX } from "../../corpus/list-files.js";
import { openStateStore } from "../../store/open-store.js";
import type { ServiceInstance } from "./instance.js";
import { reindexDocument, upload } from "./reindex-loop.js";

export interface FaultTrial {
  kind: "upload" | "feedback";
  trial: number;
  /** Milliseconds after the first request that the instance was killed. */
  killedAfterMs: number;
  /** Requests answered with 201 before the kill. */
  acknowledged: number;
  /** Facts checked after the restart that did not hold; empty when the trial passed. */
  problems: string[];
  /** Set when something could not be checked (e.g. feedback kept in a database). */
  note?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * fetch, tried again on a network error: a restarted instance listens on the port of the killed
 * one, and fetch may first reuse a pooled connection to the dead process (ECONNRESET).
 */
async function fetchAgain(url: string, init?: RequestInit, attempts = 5): Promise<Response> {
  for (let i = 1; ; i++) {
    try {
      return await fetch(url, init);
    } catch (err) {
      if (i >= attempts) throw err;
      await sleep(100 * i);
    }
  }
}

/** An upload large enough that parsing and re-indexing it takes a while to interrupt. */
function bigDocument(trial: number): string {
  return Array.from({ length: 40 }, (_, i) => reindexDocument(trial * 1000 + i)).join("\n\n");
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? e.path, e.name));
}

/** Problems of the index folder: CURRENT must name a generation with a manifest, and nothing else may remain. */
async function indexProblems(dataDir: string): Promise<string[]> {
  const root = path.join(dataDir, "index");
  const problems: string[] = [];
  const current = (await readFile(path.join(root, "CURRENT"), "utf8").catch(() => "")).trim();
  if (!current) return ["index: no CURRENT pointer"];
  const manifest = await readFile(path.join(root, current, "manifest.json"), "utf8").catch(() => undefined);
  if (!manifest) problems.push(`index: CURRENT names ${current}, which has no manifest`);
  const others = (await readdir(root)).filter((e) => e !== "CURRENT" && e !== current);
  if (others.length) problems.push(`index: leftovers ${others.join(", ")}`);
  return problems;
}

async function documentIds(url: string): Promise<Set<string>> {
  const res = await fetchAgain(`${url}/api/documents`);
  const body = (await res.json()) as { documents: { docId: string }[] };
  return new Set(body.documents.map((d) => d.docId));
}

/**
 * Waits until the instance has no build running or waiting: after a restart it answers from the
 * index it loaded while it catches up with files added or changed while it was down.
 */
export async function waitIdle(url: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetchAgain(`${url}/api/documents`);
    const body = (await res.json()) as { status?: { building?: boolean } };
    if (res.ok && body.status?.building === false) return;
    await sleep(200);
  }
  throw new Error(`${url} still building after ${timeoutMs / 1000} s`);
}

async function askWorks(url: string): Promise<boolean> {
  const res = await fetchAgain(`${url}/api/ask`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ question: "公共技术服务平台扶持计划给多少支持？" }),
  });
  return res.status === 200;
}

/** Time one upload takes unkilled, so kills can be spread over it. */
export async function probeUploadMs(instance: ServiceInstance): Promise<number> {
  await waitIdle(instance.url);
  const start = performance.now();
  const res = await upload(instance.url, "load-probe.txt", bigDocument(0));
  await res.arrayBuffer();
  return performance.now() - start;
}

export async function killMidUpload(
  instance: ServiceInstance,
  corpusDir: string,
  dataDir: string,
  trial: number,
  killAfterMs: number,
): Promise<FaultTrial> {
  const name = `load-kill-${trial}.txt`;
  const text = bigDocument(trial);
  const pending = upload(instance.url, name, text).then(
    (res) => res.status,
    () => 0,
  );
  await sleep(killAfterMs);
  await instance.kill9();
  const status = await pending;
  await instance.start();
  await waitIdle(instance.url);

  const problems: string[] = [];
  const staged = (await filesUnder(corpusDir)).filter((f) => path.basename(f).startsWith(STAGING_PREFIX));
  const now = Date.now();
  for (const file of staged) {
    const age = now - (await stat(file)).mtimeMs;
    if (age >= STAGED_WRITE_GRACE_MS) problems.push(`corpus: a staged file of a killed write left: ${file}`);
  }
  const onDisk = await readFile(path.join(corpusDir, "uploads", name), "utf8").catch(() => undefined);
  if (onDisk !== undefined && onDisk !== text) problems.push("corpus: the uploaded file is on disk but not whole");
  if (status === 201 && onDisk === undefined) problems.push("corpus: an acknowledged upload is missing");
  const ids = await documentIds(instance.url);
  if ([...ids].some((id) => path.basename(id).startsWith(STAGING_PREFIX))) problems.push("index: holds a staged file");
  const indexed = ids.has(`uploads/${name}`);
  if (indexed !== (onDisk !== undefined)) {
    problems.push(indexed ? "index: holds a file that is not on disk" : "index: a file on disk is not indexed");
  }
  problems.push(...(await indexProblems(dataDir)));
  if (!(await askWorks(instance.url))) problems.push("ask: not answered after the restart");
  return {
    kind: "upload",
    trial,
    killedAfterMs: Math.round(killAfterMs),
    acknowledged: status === 201 ? 1 : 0,
    problems,
  };
}

/** Feedback writes in flight at once during the feedback trial. */
const FEEDBACK_CONCURRENCY = 25;

async function postFeedback(url: string, marker: string): Promise<number> {
  const res = await fetch(`${url}/api/feedback`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      question: "负载测试的问题",
      answer: "负载测试的回答",
      citations: [],
      rating: "up",
      comment: marker,
    }),
  });
  await res.arrayBuffer();
  return res.status;
}

export async function killMidFeedback(
  instance: ServiceInstance,
  dataDir: string,
  trial: number,
  killAfterMs: number,
): Promise<FaultTrial> {
  const acknowledged: string[] = [];
  let next = 0;
  let stopped = false;
  const sender = async () => {
    while (!stopped) {
      const marker = `load-feedback-${trial}-${next++}`;
      const status = await postFeedback(instance.url, marker).catch(() => 0);
      if (status === 201) acknowledged.push(marker);
      if (status === 0) return;
    }
  };
  await waitIdle(instance.url);
  const senders = Array.from({ length: FEEDBACK_CONCURRENCY }, sender);
  await sleep(killAfterMs);
  await instance.kill9();
  stopped = true;
  await Promise.all(senders);
  await instance.start();
  await waitIdle(instance.url);

  const base = {
    kind: "feedback" as const,
    trial,
    killedAfterMs: Math.round(killAfterMs),
    acknowledged: acknowledged.length,
  };
  // Feedback lives in the state store (SQLite in DATA_DIR, or DATABASE_URL passed to the instances):
  // read back through the store, as the service writes it.
  const problems: string[] = [];
  const store = await openStateStore({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir });
  let stored: Set<string>;
  try {
    stored = new Set((await store.feedback.all()).map((r) => r.comment ?? ""));
  } finally {
    await store.close();
  }
  const lost = acknowledged.filter((m) => !stored.has(m));
  if (lost.length) problems.push(`feedback: ${lost.length} acknowledged writes lost`);
  if (!(await askWorks(instance.url))) problems.push("ask: not answered after the restart");
  return { ...base, problems };
}
