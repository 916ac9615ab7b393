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
import { parseArgs } from "node:util";
import { loadConfig, loadDotEnv } from "../config.js";
import { ConversationStore } from "../conversation/conversation-store.js";
import { offlineRewriter } from "../conversation/ask-in-conversation.js";
import { createApp } from "../server/app.js";
import { createKnowledgeBase } from "../wiring.js";
import { wecomDecrypt, wecomEncrypt, wecomKey, wecomSignature } from "../bots/wecom/crypto.js";
import { createWecomRouter } from "../bots/wecom/router.js";

const { values } = parseArgs({ options: { n: { type: "string", default: "30" }, question: { type: "string", default: "公共技术服务平台扶持计划给多少支持？" } } });
const N = Math.max(1, Number(values.n));
const S = { token: "QDG6eK", encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", corpId: "wx5823bf96d3bd56c7", agentId: "1000002", secret: "bench" };
const key = wecomKey(S.encodingAesKey);

loadDotEnv();
const config = loadConfig();
const kb = await createKnowledgeBase(config);
await kb.open();

// Stand-in for the WeCom API, used only if an answer misses the deadline.
let apiSends = 0;
const api = http.createServer((req, res) => {
  if (req.url?.startsWith("/cgi-bin/message/send")) apiSends++;
  req.resume();
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ errcode: 0, access_token: "bench", expires_in: 7200 }));
});
await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
const apiBase = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;

const deps = { kb, conversations: new ConversationStore(), rewriter: offlineRewriter, log: () => {}, publicBaseUrl: config.PUBLIC_BASE_URL };
const app = createApp({ kb, log: () => {}, routers: [["/bots/wecom", createWecomRouter(deps, { ...S, apiBase, deadlineMs: config.WECOM_REPLY_DEADLINE_MS })]] });
const server = await new Promise<http.Server>((r) => {
  const s = app.listen(0, "127.0.0.1", () => r(s));
});
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bots/wecom`;

async function once(i: number): Promise<number> {
  const inner = `<xml><ToUserName><![CDATA[${S.corpId}]]></ToUserName><FromUserName><![CDATA[bench${i}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${values.question}]]></Content><MsgId>${Date.now()}${i}</MsgId><AgentID>${S.agentId}</AgentID></xml>`;
  const t0 = performance.now();
  const encrypt = wecomEncrypt(key, inner, S.corpId);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(100000 + i);
  const q = new URLSearchParams({ msg_signature: wecomSignature(S.token, timestamp, nonce, encrypt), timestamp, nonce });
  const res = await fetch(`${url}?${q}`, { method: "POST", headers: { "content-type": "text/xml" }, body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` });
  const body = await res.text();
  const ms = performance.now() - t0;
  const enc = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(body)?.[1];
  if (!enc) throw new Error(`no passive reply (status ${res.status}); the answer went through the API`);
  const reply = wecomDecrypt(key, enc).message;
  if (i === 0 && !(reply.includes("500万元") && reply.includes("30%"))) console.warn("警告：回答中没有 30% / 500万元");
  return ms;
}

await once(-1); // warm-up
const times: number[] = [];
for (let i = 0; i < N; i++) times.push(await once(i));
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
console.log(`企业微信回调：问题“${values.question}”，${N} 次，答题器 ${kb.answererName}`);
console.log(`机器：${os.cpus().length} 核 ${os.cpus()[0]?.model ?? ""}，Node ${process.version}`);
console.log(`请求到回复（毫秒）：p50 ${pct(50).toFixed(1)}  p95 ${pct(95).toFixed(1)}  最大 ${times.at(-1)!.toFixed(1)}  最小 ${times[0]!.toFixed(1)}`);
if (apiSends) console.log(`有 ${apiSends} 次超过期限，经应用消息接口发送`);
server.close();
api.close();
