/**
 * `npx tsx src/cli/bench-wecom.ts [--n 30] [--question "…"]`: time from request to reply for a
 * question through the WeCom callback. Starts the service's app on loopback with test WeCom
 * settings (the published sample token and key) and a local stand-in for the WeCom API, sends N
 * encrypted, signed text messages one after another, checks each passive reply decrypts and
 * quotes the facts, and prints p50 / p95 / max in milliseconds.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { ConversationStore } from "../conversation/conversation-store.js";
import { offlineRewriter } from "../conversation/ask-in-conversation.js";
import { createApp } from "../server/app.js";
import { createKnowledgeBase } from "../wiring.js";
import { wecomDecrypt, wecomEncrypt, wecomKey, wecomSignature } from "../bots/wecom/crypto.js";
import { createWecomRouter } from "../bots/wecom/router.js";
import { cliConfig, isEntryPoint, parseCommandLine, runParsed } from "./entry.js";
import { silentLogger } from "../core/logger.js";

const S = {
  token: "QDG6eK",
  encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
  corpId: "wx5823bf96d3bd56c7",
  agentId: "1000002",
  secret: "bench",
};
const key = wecomKey(S.encodingAesKey);

export interface BenchWecomOptions {
  n: number;
  question: string;
}

export function parseBenchWecomArgs(argv: string[]): BenchWecomOptions {
  const options = {
    n: { type: "string", default: "30" },
    question: { type: "string", default: "公共技术服务平台扶持计划给多少支持？" },
  } as const;
  const { values } = parseCommandLine(argv, { options });
  return { n: Math.max(1, Number(values.n)), question: values.question };
}

export function main(argv: string[]): Promise<number> {
  return runParsed(argv, parseBenchWecomArgs, runBench);
}

async function runBench(opts: BenchWecomOptions): Promise<number> {
  const config = cliConfig();
  const kb = await createKnowledgeBase(config);
  await kb.open();
  const api = await startWecomStandIn();
  const conversations = new ConversationStore();
  const log = silentLogger;
  const deps = { kb, conversations, rewriter: offlineRewriter, log, publicBaseUrl: config.PUBLIC_BASE_URL };
  const router = createWecomRouter(deps, { ...S, apiBase: api.base, deadlineMs: config.WECOM_REPLY_DEADLINE_MS });
  const app = createApp({ kb, log, routers: [["/bots/wecom", router]] });
  const server = await new Promise<http.Server>((r) => {
    const s = app.listen(0, "127.0.0.1", () => r(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bots/wecom`;

  await once(url, -1, opts.question); // warm-up
  const times: number[] = [];
  for (let i = 0; i < opts.n; i++) times.push(await once(url, i, opts.question));
  printTimes(times, opts, kb.answererName, api.sends());
  server.close();
  api.server.close();
  return 0;
}

/** Stand-in for the WeCom API, used only if an answer misses the deadline; counts the messages sent through it. */
async function startWecomStandIn(): Promise<{ server: http.Server; base: string; sends: () => number }> {
  let apiSends = 0;
  const api = http.createServer((req, res) => {
    if (req.url?.startsWith("/cgi-bin/message/send")) apiSends++;
    req.resume();
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ errcode: 0, access_token: "bench", expires_in: 7200 }));
  });
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
  return { server: api, base: `http://127.0.0.1:${(api.address() as AddressInfo).port}`, sends: () => apiSends };
}

async function once(url: string, i: number, question: string): Promise<number> {
  const inner = `<xml><ToUserName><![CDATA[${S.corpId}]]></ToUserName><FromUserName><![CDATA[bench${i}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${question}]]></Content><MsgId>${Date.now()}${i}</MsgId><AgentID>${S.agentId}</AgentID></xml>`;
  const t0 = performance.now();
  const encrypt = wecomEncrypt(key, inner, S.corpId);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(100000 + i);
  const q = new URLSearchParams({
    msg_signature: wecomSignature(S.token, timestamp, nonce, encrypt),
    timestamp,
    nonce,
  });
  const res = await fetch(`${url}?${q}`, {
    method: "POST",
    headers: { "content-type": "text/xml" },
    body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
  });
  const body = await res.text();
  const ms = performance.now() - t0;
  const enc = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(body)?.[1];
  if (!enc) throw new Error(`no passive reply (status ${res.status}); the answer went through the API`);
  const reply = wecomDecrypt(key, enc).message;
  if (i === 0 && !(reply.includes("500万元") && reply.includes("30%"))) console.warn("警告：回答中没有 30% / 500万元");
  return ms;
}

function printTimes(times: number[], { n, question }: BenchWecomOptions, answererName: string, apiSends: number): void {
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
  console.log(`企业微信回调：问题“${question}”，${n} 次，答题器 ${answererName}`);
  console.log(`机器：${os.cpus().length} 核 ${os.cpus()[0]?.model ?? ""}，Node ${process.version}`);
  console.log(
    `请求到回复（毫秒）：p50 ${pct(50).toFixed(1)}  p95 ${pct(95).toFixed(1)}  最大 ${times.at(-1)!.toFixed(1)}  最小 ${times[0]!.toFixed(1)}`,
  );
  if (apiSends) console.log(`有 ${apiSends} 次超过期限，经应用消息接口发送`);
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
