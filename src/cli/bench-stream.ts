/**
 * Time to first streamed token and to the final answer over HTTP, offline by default:
 * builds the index of CORPUS_DIR into a temporary data directory, starts the app on a loopback
 * port, sends N streamed requests one after another and prints p50/p95.
 *
 *   npm run bench:stream -- [-n 50] ["问题"]
 */
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createApp } from "../server/app.js";
import { createKnowledgeBase, createRewriter } from "../wiring.js";
import { cliConfig, isEntryPoint, parseCommandLine, runParsed, UsageError } from "./entry.js";
import { silentLogger } from "../core/logger.js";

export interface BenchStreamOptions {
  n: number;
  question: string;
}

/** `-n N` and the question as the remaining words. */
export function parseBenchStreamArgs(argv: string[]): BenchStreamOptions {
  const options = { n: { type: "string", short: "n", default: "50" } } as const;
  const { values, positionals } = parseCommandLine(argv, { allowPositionals: true, options });
  const n = Number(values.n);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`输入有误：-n 应为正整数，收到 “${values.n}”`);
  return { n, question: positionals.join(" ") || "公共技术服务平台扶持计划给多少支持？" };
}

export function main(argv: string[]): Promise<number> {
  return runParsed(argv, parseBenchStreamArgs, runBench);
}

async function runBench(opts: BenchStreamOptions): Promise<number> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "gxj-bench-"));
  const config = cliConfig({ dataDir });
  const kb = await createKnowledgeBase(config);
  await kb.open();
  const app = createApp({ kb, rewriter: await createRewriter(config), log: silentLogger });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/ask`;
  try {
    await once(url, opts.question); // warm-up: jieba dictionary, JIT
    const runs: { first: number; final: number }[] = [];
    for (let i = 0; i < opts.n; i++) runs.push(await once(url, opts.question));
    printTimes(runs, opts, kb.answererName);
  } finally {
    server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  return 0;
}

async function once(url: string, question: string): Promise<{ first: number; final: number }> {
  const t0 = performance.now();
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ question }),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  let first = NaN;
  let buffer = "";
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    if (Number.isNaN(first) && /event: token\n/.test(buffer)) first = performance.now() - t0;
    if (/event: error\n/.test(buffer)) throw new Error(buffer);
  }
  if (!/event: final\n/.test(buffer)) throw new Error("no final event");
  return { first, final: performance.now() - t0 };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

function printTimes(
  runs: { first: number; final: number }[],
  { n, question }: BenchStreamOptions,
  answererName: string,
): void {
  const firsts = runs.map((r) => r.first).filter((x) => !Number.isNaN(x));
  const finals = runs.map((r) => r.final);
  const f = (x: number) => `${x.toFixed(1)} ms`;
  console.log(`问题：${question}`);
  console.log(`回答方式：${answererName}，${n} 次流式请求（顺序发送，已预热）`);
  if (firsts.length) console.log(`首个 token：p50 ${f(pct(firsts, 50))}  p95 ${f(pct(firsts, 95))}`);
  else console.log("首个 token：无（拒答不流式输出 token）");
  console.log(`完整回答：  p50 ${f(pct(finals, 50))}  p95 ${f(pct(finals, 95))}`);
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
