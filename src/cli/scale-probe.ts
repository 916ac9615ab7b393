/**
 * A measuring probe for the index at size (issue 9), one step per process so each step's peak
 * RSS is its own. Not the bench (`npm run bench` compares with a baseline); this times the
 * index's own steps while its internals change:
 *
 *   npx tsx src/cli/scale-probe.ts corpus --source law --files 664 --out /tmp/c
 *       a corpus of law files (every k-th of data/bench/lawrefbook, evenly spread), or
 *   npx tsx src/cli/scale-probe.ts corpus --source mixed --chunks 100000 --out /tmp/c
 *       synthetic policy documents: ncpqa documents, then documents mixed from their paragraphs
 *   npx tsx src/cli/scale-probe.ts build --corpus /tmp/c --data /tmp/d [--rebuild]
 *   npx tsx src/cli/scale-probe.ts edit --corpus /tmp/c        (changes one file's content)
 *   npx tsx src/cli/scale-probe.ts serve --corpus /tmp/c --data /tmp/d [--queries 200]
 *   npx tsx src/cli/scale-probe.ts reload --corpus /tmp/c --data /tmp/d [--uploads 5]
 *       the service on loopback (building in its worker thread): uploads through POST /api/documents,
 *       each timed from request to 201, with the service's loadMs after each (the start-up's full load first);
 *       the process stays up about two minutes after printing, until the idle build worker is ended
 *
 * Each step prints one JSON line: seconds, peak RSS (MiB), index size on disk (MiB), latency.
 */
import { createServer } from "node:http";
import { upload } from "./load/reindex-loop.js";
import type { AddressInfo } from "node:net";
import { appendFile, cp, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadConfig } from "../config.js";
import { buildIndex } from "../index/indexer.js";
import { createTokenizer } from "../text/tokenize.js";
import { embeddingChoice } from "../providers/embedding-choice.js";
import { createKnowledgeBase } from "../wiring.js";
import { createApp } from "../server/app.js";
import { silentLogger } from "../core/logger.js";
import { isEntryPoint, parseCommandLine } from "./entry.js";
import { seededRandom } from "../core/seeded-random.js";

const OPTIONS = {
  source: { type: "string", default: "law" },
  files: { type: "string" },
  chunks: { type: "string" },
  out: { type: "string" },
  corpus: { type: "string" },
  data: { type: "string" },
  rebuild: { type: "boolean", default: false },
  queries: { type: "string", default: "200" },
  uploads: { type: "string", default: "5" },
  lawDir: { type: "string", default: "/work/main/data/bench/lawrefbook" },
  ncpqaDir: { type: "string", default: "../shared/data/ncpqa" },
} as const;

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function listFiles(dir: string, ext?: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && (!ext || e.name.endsWith(ext))) out.push(path.join(e.parentPath, e.name));
  }
  return out.sort();
}

async function diskMiB(dir: string): Promise<number> {
  let total = 0;
  for (const f of await listFiles(dir)) total += (await stat(f)).size;
  return mib(total);
}

async function lawCorpus(lawDir: string, files: number, out: string): Promise<number> {
  const all = await listFiles(lawDir, ".md");
  const step = all.length / Math.min(files, all.length);
  const picked = Array.from({ length: Math.min(files, all.length) }, (_, i) => all[Math.floor(i * step)]);
  let bytes = 0;
  for (const f of picked) {
    const target = path.join(out, path.relative(lawDir, f));
    await mkdir(path.dirname(target), { recursive: true });
    await cp(f, target);
    bytes += (await stat(f)).size;
  }
  return bytes;
}

/** ncpqa documents as they are, then documents of 6–14 paragraphs drawn from all of them, to ~`chunks` chunks. */
async function mixedCorpus(ncpqaDir: string, chunks: number, out: string): Promise<number> {
  const lines = (await readFile(path.join(ncpqaDir, "documents.jsonl"), "utf8")).split("\n").filter(Boolean);
  const docs = lines.map((l) => JSON.parse(l) as { docid: string; text: string });
  const paragraphs = docs.flatMap((d) => d.text.split(/\s+/).filter((p) => p.length >= 20));
  const next = seededRandom(1);
  const targetChars = chunks * 200; // chunks hold about 200 of their 250 characters
  let chars = 0;
  let bytes = 0;
  let n = 0;
  const dir = (i: number) => path.join(out, `part-${String(Math.floor(i / 1000)).padStart(3, "0")}`);
  while (chars < targetChars) {
    const text =
      n < docs.length
        ? docs[n].text
        : Array.from({ length: 6 + Math.floor(next() * 9) }, () => paragraphs[Math.floor(next() * paragraphs.length)])
            .join("\n")
            .concat(`\n（第${n}号汇编）`);
    await mkdir(dir(n), { recursive: true });
    const body = `${text}\n`;
    await writeFile(path.join(dir(n), `doc-${n}.txt`), body);
    chars += text.length;
    bytes += Buffer.byteLength(body);
    n++;
  }
  return bytes;
}

async function questions(ncpqaDir: string, n: number): Promise<string[]> {
  const lines = (await readFile(path.join(ncpqaDir, "questions.dev.jsonl"), "utf8")).split("\n").filter(Boolean);
  return lines.slice(0, n).map((l) => (JSON.parse(l) as { question: string }).question);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Uploads through the service as staff do: each a corpus file's text under a new name in uploads/,
 * timed from the request to its 201 (the update in the worker, then loading the new generation).
 */
async function reloadStep(config: ReturnType<typeof loadConfig>, v: Values): Promise<Record<string, unknown>> {
  const started = performance.now();
  const kb = await createKnowledgeBase(config, { buildInWorker: true });
  await kb.open();
  const readySeconds = +((performance.now() - started) / 1000).toFixed(2);
  const status = () => kb.status() as { loadMs?: number; chunks?: number };
  const startLoadMs = status().loadMs;
  const server = createServer(createApp({ kb, log: silentLogger, corpusDir: config.CORPUS_DIR }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sources = await listFiles(v.corpus!, ".md");
  const uploads: Array<{ ms: number; loadMs?: number }> = [];
  try {
    for (let i = 0; i < Number(v.uploads); i++) {
      const text = await readFile(sources[Math.floor(((i + 0.5) * sources.length) / Number(v.uploads))], "utf8");
      const t = performance.now();
      const res = await upload(url, `reload-probe-${Date.now()}-${i}.md`, `${text}\n（上传测量第${i}份）\n`);
      const ms = Math.round(performance.now() - t);
      if (res.status !== 201) throw new Error(`upload: HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
      await res.arrayBuffer();
      uploads.push({ ms, loadMs: status().loadMs });
    }
  } finally {
    server.close();
    server.closeAllConnections();
  }
  const ms = uploads.map((u) => u.ms).sort((a, b) => a - b);
  return {
    step: "reload",
    chunks: status().chunks,
    readySeconds,
    startLoadMs,
    uploads,
    uploadMedianMs: percentile(ms, 50),
    rssMiB: mib(process.memoryUsage().rss),
    peakRssMiB: peakRssMiB(),
  };
}

type Values = { [K in keyof typeof OPTIONS]: (typeof OPTIONS)[K] extends { type: "boolean" } ? boolean : string };

async function run(step: string, v: Values): Promise<Record<string, unknown>> {
  const config = loadConfig(process.env, { offline: true, corpusDir: v.corpus, dataDir: v.data });
  if (step === "corpus") {
    if (!v.out) throw new Error("--out is required");
    const bytes =
      v.source === "law"
        ? await lawCorpus(v.lawDir, Number(v.files ?? 3475), v.out)
        : await mixedCorpus(v.ncpqaDir, Number(v.chunks ?? 1000), v.out);
    return { step, source: v.source, files: (await listFiles(v.out)).length, textMiB: mib(bytes) };
  }
  if (!v.corpus) throw new Error("--corpus is required");
  if (step === "edit") {
    const [first] = await listFiles(v.corpus);
    await appendFile(first, `\n本文件于${new Date().toISOString()}修订，增加一段说明文字以便测量增量索引。\n`);
    return { step, file: first };
  }
  if (!v.data) throw new Error("--data is required");
  if (step === "build") {
    const started = performance.now();
    const report = await buildIndex({
      corpusDir: config.CORPUS_DIR,
      dataDir: config.DATA_DIR,
      chunkChars: config.CHUNK_CHARS,
      tokenizer: createTokenizer(),
      embedding: await embeddingChoice(config),
      rebuild: v.rebuild,
    });
    return {
      step,
      seconds: +((performance.now() - started) / 1000).toFixed(1),
      files: report.files,
      chunks: report.chunks,
      added: report.added,
      changed: report.changed,
      peakRssMiB: peakRssMiB(),
      heapUsedMiB: mib(process.memoryUsage().heapUsed),
      diskMiB: await diskMiB(path.join(config.DATA_DIR, "index")),
    };
  }
  if (step === "serve") {
    const started = performance.now();
    const kb = await createKnowledgeBase(config);
    await kb.open();
    const readySeconds = +((performance.now() - started) / 1000).toFixed(2);
    const rssAfterOpen = mib(process.memoryUsage().rss);
    const heapAfterOpen = mib(process.memoryUsage().heapUsed);
    // Wall time on a shared machine includes waiting for a core; CPU time is what the ask cost.
    const latencies: number[] = [];
    const cpu: number[] = [];
    for (const q of await questions(v.ncpqaDir, Number(v.queries))) {
      const t = performance.now();
      const c = process.cpuUsage();
      await kb.ask(q);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
      latencies.push(performance.now() - t);
    }
    latencies.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    return {
      step,
      readySeconds,
      rssAfterOpenMiB: rssAfterOpen,
      heapAfterOpenMiB: heapAfterOpen,
      rssAfterQueriesMiB: mib(process.memoryUsage().rss),
      askP50ms: +percentile(latencies, 50).toFixed(1),
      askP95ms: +percentile(latencies, 95).toFixed(1),
      askCpuP50ms: +percentile(cpu, 50).toFixed(1),
      askCpuP95ms: +percentile(cpu, 95).toFixed(1),
      peakRssMiB: peakRssMiB(),
    };
  }
  if (step === "reload") return reloadStep(config, v);
  throw new Error(`unknown step ${step}`);
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, { options: OPTIONS, allowPositionals: true });
  console.log(JSON.stringify(await run(positionals[0] ?? "", values as Values)));
  return 0;
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
