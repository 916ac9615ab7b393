/**
 * The WeCom (企业微信 / 粤政易) self-built application callback at /bots/wecom.
 *
 * GET verifies the callback URL; POST receives encrypted messages. A text message is answered
 * passively (encrypted, signed XML in the response) when the answer is ready within the deadline,
 * otherwise the response is empty and the answer goes out through the application-message API.
 * WeCom retries an unanswered callback up to three times, five seconds apart: a retry of a MsgId
 * that is being answered or was answered gets an empty response and no second answer.
 */
import { randomInt } from "node:crypto";
import express, { type Request } from "express";
import { z } from "zod";
import { formatReply } from "../chat.js";
import { botErrorHandler, DEFAULT_MAX_SKEW_MS, dedupWindowMs, reject, skewMs } from "../http.js";
import { answerFor, createReplyLifecycle } from "../reply.js";
import type { BotDeps } from "../types.js";
import { WecomApi } from "./api.js";
import {
  signatureMatches,
  wecomDecrypt,
  wecomEncrypt,
  wecomKey,
  wecomSignature,
  type WecomCryptoError,
} from "./crypto.js";
import { encryptedReplyXml, parseEnvelope, parseMessage, textReplyXml, type WecomMessage } from "./message.js";

export interface WecomSettings {
  token: string;
  encodingAesKey: string;
  corpId: string;
  agentId: string;
  secret: string;
  apiBase: string;
  /** Answer passively when ready within this many ms; otherwise through the API. @default 4000 */
  deadlineMs?: number;
  /** Message type of answers sent through the API. @default "markdown" */
  apiMsgType?: "markdown" | "text";
  /** Callbacks whose timestamp is further than this from now are refused. @default 1 hour */
  maxSkewMs?: number;
  /** MsgIds are remembered this long. @default dedupWindowMs(maxSkewMs): twice the timestamp window */
  dedupTtlMs?: number;
}

/** WeCom message size limits, in UTF-8 bytes. */
export const WECOM_TEXT_LIMIT = 2048;
export const WECOM_MARKDOWN_LIMIT = 4096;

const BOT = "wecom";

const VerifyQuery = z.object({
  msg_signature: z.string().min(1),
  timestamp: z.string().regex(/^\d{1,13}$/),
  nonce: z.string().min(1),
  echostr: z.string().min(1),
});
const MessageQuery = VerifyQuery.omit({ echostr: true });

export function createWecomRouter(deps: BotDeps, settings: WecomSettings): express.Router {
  const { log } = deps;
  const now = deps.now ?? Date.now;
  const key = wecomKey(settings.encodingAesKey);
  const deadlineMs = settings.deadlineMs ?? 4000;
  const maxSkewMs = settings.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const apiMsgType = settings.apiMsgType ?? "markdown";
  const reply = createReplyLifecycle({
    bot: BOT,
    log,
    now,
    // A retry or replay is refused as stale once its timestamp is out of the window; until then its id is remembered.
    dedupTtlMs: settings.dedupTtlMs ?? dedupWindowMs(maxSkewMs),
    claims: deps.claims,
    wording: {
      idKey: "msgId",
      duplicate: "duplicate message ignored",
      duplicateState: true,
      inline: "answered passively",
      later: "answered through the API",
      sendFailed: "sending through the API failed",
    },
  });
  const api = new WecomApi({ ...settings, fetch: deps.fetch, now });
  const formatOptions = (style: "markdown" | "text") => ({
    style,
    unit: "bytes" as const,
    limit: style === "markdown" ? WECOM_MARKDOWN_LIMIT : WECOM_TEXT_LIMIT,
    publicBaseUrl: deps.publicBaseUrl,
  });

  /** Decrypts after the signature check; any failure is a refusal. */
  const open = (encrypted: string, q: z.infer<typeof MessageQuery>): string => {
    if (!signatureMatches(wecomSignature(settings.token, q.timestamp, q.nonce, encrypted), q.msg_signature)) {
      reject(log, BOT, "BAD_SIGNATURE", "签名校验失败。", { timestamp: q.timestamp });
    }
    let opened: { message: string; receiveId: string };
    try {
      opened = wecomDecrypt(key, encrypted);
    } catch (err) {
      reject(log, BOT, "BAD_CIPHERTEXT", "无法解密消息。", { reason: (err as WecomCryptoError).message });
    }
    if (opened.receiveId !== settings.corpId) reject(log, BOT, "BAD_RECEIVER", "消息不是发给本企业的。", {});
    return opened.message;
  };

  const passiveReply = (msg: WecomMessage, content: string): string => {
    const timestamp = Math.floor(now() / 1000);
    const inner = textReplyXml(msg.FromUserName, settings.corpId, timestamp, content);
    const encrypted = wecomEncrypt(key, inner, settings.corpId);
    const nonce = String(randomInt(100_000_000, 999_999_999));
    const signature = wecomSignature(settings.token, String(timestamp), nonce, encrypted);
    return encryptedReplyXml(encrypted, signature, String(timestamp), nonce);
  };

  const router = express.Router();
  router.use(express.text({ type: () => true, limit: "64kb" }));

  router.get("/", (req, res) => {
    const q = VerifyQuery.safeParse(req.query);
    if (!q.success) reject(log, BOT, "BAD_REQUEST", "缺少校验参数。", {});
    const echo = open(q.data.echostr, q.data);
    log.info("wecom: callback URL verified");
    res.type("text/plain").send(echo);
  });

  router.post("/", async (req: Request, res) => {
    const q = MessageQuery.safeParse(req.query);
    if (!q.success) reject(log, BOT, "BAD_REQUEST", "缺少签名参数。", {});
    if (typeof req.body !== "string") reject(log, BOT, "BAD_XML", "请求体不是 XML。", {});
    if (skewMs(now(), Number(q.data.timestamp) * 1000) > maxSkewMs) {
      reject(log, BOT, "STALE_TIMESTAMP", "请求已过期。", { timestamp: q.data.timestamp });
    }
    let envelope;
    try {
      envelope = parseEnvelope(req.body);
    } catch (err) {
      reject(log, BOT, "BAD_XML", "请求体不是合法的 XML。", { reason: (err as Error).message });
    }
    const plain = open(envelope.Encrypt, q.data);
    let msg: WecomMessage;
    try {
      msg = parseMessage(plain);
    } catch (err) {
      reject(log, BOT, "BAD_XML", "消息格式有误。", { reason: (err as Error).message });
    }

    // Events (entering the application, menu clicks…) need no answer.
    if (msg.MsgType === "event") {
      res.status(200).send("");
      return;
    }
    const id = `${msg.MsgId ?? `${msg.FromUserName}:${msg.CreateTime}`}`;
    const conversationId = `wecom:${settings.corpId}:${msg.FromUserName}`;
    await reply({
      id,
      answer: answerFor(deps, {
        isText: msg.MsgType === "text",
        text: msg.Content ?? "",
        conversationId,
        origin: { channel: BOT, user: msg.FromUserName },
      }),
      acknowledge: () => res.status(200).send(""),
      inline: {
        deadlineMs,
        format: (r) => formatReply(r, formatOptions("text")),
        send: (text) => res.type("application/xml").send(passiveReply(msg, text)),
      },
      later: {
        format: (r) => formatReply(r, formatOptions(apiMsgType)),
        send: (text) => api.send(msg.FromUserName, apiMsgType, text),
      },
    });
  });

  router.use(botErrorHandler);
  return router;
}
