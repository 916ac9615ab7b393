/**
 * Test-side messenger tools, written independently of src/bots: signers and encryptors as a
 * messenger would compute them, and a fake messenger API server on loopback that records requests.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { LogFields, Logger } from "../../src/core/logger.js";

// ── WeCom ──
export const WECOM = {
  token: "QDG6eK",
  aesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
  corpId: "wx5823bf96d3bd56c7",
  agentId: "1000002",
  secret: "test-secret",
};

export function sha1Sign(...parts: string[]): string {
  return createHash("sha1").update(parts.slice().sort().join("")).digest("hex");
}

function wecomAes(aesKey: string): Buffer {
  return Buffer.from(aesKey + "=", "base64");
}

export function wecomSeal(aesKey: string, message: string, corpId: string): string {
  const key = wecomAes(aesKey);
  const msg = Buffer.from(message);
  const len = Buffer.from([
    (msg.length >>> 24) & 255,
    (msg.length >>> 16) & 255,
    (msg.length >>> 8) & 255,
    msg.length & 255,
  ]);
  let plain = Buffer.concat([randomBytes(16), len, msg, Buffer.from(corpId)]);
  const padLen = 32 - (plain.length % 32);
  plain = Buffer.concat([plain, Buffer.alloc(padLen, padLen)]);
  const c = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString("base64");
}

export function wecomOpen(aesKey: string, encrypted: string): { message: string; corpId: string } {
  const key = wecomAes(aesKey);
  const d = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
  d.setAutoPadding(false);
  const plain = Buffer.concat([d.update(Buffer.from(encrypted, "base64")), d.final()]);
  const unpadded = plain.subarray(0, plain.length - plain[plain.length - 1]!);
  const len = unpadded.readUInt32BE(16);
  return { message: unpadded.subarray(20, 20 + len).toString(), corpId: unpadded.subarray(20 + len).toString() };
}

let msgCounter = 7000000000000000000n;
export function nextMsgId(): string {
  msgCounter += 1n;
  return msgCounter.toString();
}

export function wecomTextXml(user: string, content: string, msgId: string, corpId = WECOM.corpId): string {
  return `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[${user}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>${WECOM.agentId}</AgentID></xml>`;
}

/** A signed, encrypted WeCom POST: its query string and XML body. */
export function wecomRequest(
  innerXml: string,
  opts: { timestamp?: number; token?: string; corpId?: string } = {},
): { query: string; body: string } {
  const encrypt = wecomSeal(WECOM.aesKey, innerXml, opts.corpId ?? WECOM.corpId);
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  const sig = sha1Sign(opts.token ?? WECOM.token, timestamp, nonce, encrypt);
  return {
    query: `msg_signature=${sig}&timestamp=${timestamp}&nonce=${nonce}`,
    body: `<xml><ToUserName><![CDATA[${WECOM.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[${WECOM.agentId}]]></AgentID></xml>`,
  };
}

/** Reads a passive reply as WeCom would: checks its signature, decrypts it, returns the Content. */
export function readWecomReply(xml: string): { content: string; toUser: string } {
  const get = (tag: string, s: string) =>
    new RegExp(`<${tag}>(?:<!\\[CDATA\\[)?([\\s\\S]*?)(?:\\]\\]>)?</${tag}>`).exec(s)?.[1] ?? "";
  const encrypt = get("Encrypt", xml);
  const expected = sha1Sign(WECOM.token, get("TimeStamp", xml), get("Nonce", xml), encrypt);
  if (expected !== get("MsgSignature", xml)) throw new Error("reply signature does not verify");
  const { message, corpId } = wecomOpen(WECOM.aesKey, encrypt);
  if (corpId !== WECOM.corpId) throw new Error("reply receive id is not the corp id");
  return { content: get("Content", message), toUser: get("ToUserName", message) };
}

// ── DingTalk ──
export function dingSign(secret: string, timestamp: string): string {
  return createHmac("sha256", secret)
    .update(timestamp + "\n" + secret)
    .digest("base64");
}

// ── Feishu ──
export function feishuSeal(encryptKey: string, plain: string): string {
  const key = createHash("sha256").update(encryptKey).digest();
  const iv = randomBytes(16);
  const c = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([iv, c.update(plain, "utf8"), c.final()]).toString("base64");
}

export function feishuSign(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash("sha256")
    .update(timestamp + nonce + encryptKey + body)
    .digest("hex");
}

// ── Fake messenger API ──
export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeServer {
  url: string;
  requests: Recorded[];
  /** Per-path JSON responses, or a function of the request. */
  respond: Map<string, (r: Recorded) => unknown>;
  close: () => Promise<void>;
}

export async function fakeMessengerServer(): Promise<FakeServer> {
  const requests: Recorded[] = [];
  const respond = new Map<string, (r: Recorded) => unknown>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const u = new URL(req.url ?? "/", "http://x");
      const rec: Recorded = {
        method: req.method ?? "",
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(rec);
      const handler = [...respond.entries()].find(
        ([p]) => u.pathname === p || (p.endsWith("*") && u.pathname.startsWith(p.slice(0, -1))),
      );
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(handler ? handler[1](rec) : { errcode: 0, code: 0 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export async function waitFor<T>(probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A logger that keeps lines for assertions. */
export function recordingLogger() {
  const lines: Array<{ level: string; message: string; details?: Record<string, unknown> }> = [];
  const at = (level: "info" | "warn" | "error") => (message: string, details?: LogFields) =>
    void lines.push({ level, message, details });
  const log: Logger = { info: at("info"), warn: at("warn"), error: at("error") };
  return { lines, log };
}

export const QUESTION = "公共技术服务平台扶持计划给多少支持？";
export const FOLLOW_UP = "那这个计划现在还能申请吗？";
export const SOURCE_TITLE = "市工业和信息化局关于对市政协七届一次会议第20210384号提案答复意见的函";
export const SOURCE_SECTION = "三 > （四）加快公共技术服务平台建设";
