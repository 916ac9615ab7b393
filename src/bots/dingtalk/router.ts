/**
 * The DingTalk enterprise robot callback at /bots/dingtalk. Each request is signed with the app
 * secret over its millisecond timestamp only (not the body), so a timestamp more than a few
 * minutes off is refused, and within that window a (timestamp, sign) pair is accepted with one
 * body only: the same body again is a replay (acknowledged, not answered), another body a forgery
 * (refused). Direct
 * messages and @-mentions in groups are answered in markdown in the HTTP response when ready in
 * time, otherwise the response is empty and the answer is posted to the sessionWebhook.
 */
import { createHash } from "node:crypto";
import express from "express";
import { AppError } from "../../core/errors.js";
import { formatReply, type BotReply } from "../chat.js";
import { MemoryClaims } from "../dedup.js";
import type { Claims } from "../../store/types.js";
import { botErrorHandler, dedupWindowMs, parseJson, rawBodyOf, reject, skewMs } from "../http.js";
import { answerFor, createReplyLifecycle } from "../reply.js";
import type { BotDeps } from "../types.js";
import { addressedToBot, DingtalkMessageSchema, markdownReply, type DingtalkMessage } from "./message.js";
import { dingtalkSignMatches, webhookAllowed } from "./sign.js";

export interface DingtalkSettings {
  appSecret: string;
  /** Reply in the HTTP response when ready within this many ms. @default 4000 */
  deadlineMs?: number;
  /** Hosts a sessionWebhook may point to. @default ["*.dingtalk.com"] */
  webhookHosts?: string[];
  /** How far a timestamp may be from now. @default 5 minutes */
  maxSkewMs?: number;
  dedupTtlMs?: number;
}

/** DingTalk markdown messages are cut off a little above 5000 characters. */
export const DINGTALK_MARKDOWN_LIMIT = 4800;

const BOT = "dingtalk";

/** The default of DINGTALK_MAX_SKEW_MINUTES. */
const DINGTALK_MAX_SKEW_MS = 5 * 60_000;

/**
 * The body each (timestamp, sign) pair came with, claimed in the bots' claims (the state store in
 * the service, so it holds across instances and restarts) for as long as the pair can pass the
 * timestamp check: twice the skew, as a timestamp may be ahead of or behind the clock.
 * "new" the first time a pair is seen, "replay" for the same body again, "reused" for another body.
 */
async function checkSignature(
  claims: Claims,
  pair: string,
  body: Buffer,
  ttlMs: number,
): Promise<"new" | "replay" | "reused"> {
  const bodyHash = createHash("sha256").update(body).digest("hex");
  const seen = await claims.claim(`dingtalk:sig:${pair}`, bodyHash, ttlMs);
  if (seen === undefined) return "new";
  return seen === bodyHash ? "replay" : "reused";
}

export function createDingtalkRouter(deps: BotDeps, settings: DingtalkSettings): express.Router {
  const { log } = deps;
  const now = deps.now ?? Date.now;
  const doFetch = deps.fetch ?? fetch;
  const deadlineMs = settings.deadlineMs ?? 4000;
  const maxSkewMs = settings.maxSkewMs ?? DINGTALK_MAX_SKEW_MS;
  const ledgerTtlMs = 2 * maxSkewMs;
  // Without a shared store the pairs are kept in memory, at most this many (the bots' rate limit keeps far fewer in a window).
  const claims = deps.claims ?? new MemoryClaims(ledgerTtlMs, 100_000, now);
  const webhookHosts = settings.webhookHosts ?? ["*.dingtalk.com"];
  const reply = createReplyLifecycle({
    bot: BOT,
    log,
    now,
    dedupTtlMs: settings.dedupTtlMs ?? dedupWindowMs(maxSkewMs),
    claims: deps.claims,
    wording: {
      idKey: "msgId",
      duplicate: "duplicate message ignored",
      inline: "answered in the response",
      later: "answered through the sessionWebhook",
      sendFailed: "posting to the sessionWebhook failed",
    },
  });
  const format = (reply: BotReply) =>
    formatReply(reply, {
      style: "markdown",
      unit: "chars",
      limit: DINGTALK_MARKDOWN_LIMIT,
      publicBaseUrl: deps.publicBaseUrl,
    });

  const postToWebhook = async (m: DingtalkMessage, text: string, id: string) => {
    const url = m.sessionWebhook;
    if (!url || !webhookAllowed(url, webhookHosts)) {
      log.warn("dingtalk: sessionWebhook missing or not on an allowed host; answer dropped", { msgId: id });
      return;
    }
    if (m.sessionWebhookExpiredTime && m.sessionWebhookExpiredTime < now()) {
      log.warn("dingtalk: sessionWebhook expired; answer dropped", { msgId: id });
      return;
    }
    const res = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(markdownReply(text)),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
    if (!res.ok || (body.errcode !== undefined && body.errcode !== 0)) {
      const message = `sessionWebhook: HTTP ${res.status} ${body.errcode ?? ""} ${body.errmsg ?? ""}`.trim();
      throw new AppError("DINGTALK_API", message, { details: { status: res.status, errcode: body.errcode } });
    }
  };

  const router = express.Router();
  router.use(express.raw({ type: () => true, limit: "64kb" }));

  router.post("/", async (req, res) => {
    const timestamp = req.get("timestamp") ?? "";
    const sign = req.get("sign") ?? "";
    if (!/^\d{10,16}$/.test(timestamp) || !sign) reject(log, BOT, "BAD_SIGNATURE", "缺少签名。", {});
    if (skewMs(now(), Number(timestamp)) > maxSkewMs)
      reject(log, BOT, "STALE_TIMESTAMP", "请求已过期。", { timestamp });
    if (!dingtalkSignMatches(settings.appSecret, timestamp, sign))
      reject(log, BOT, "BAD_SIGNATURE", "签名校验失败。", { timestamp });
    const body = rawBodyOf(req) ?? Buffer.alloc(0);
    const seen = await checkSignature(claims, `${timestamp}:${sign}`, body, ledgerTtlMs);
    if (seen === "reused")
      reject(log, BOT, "BAD_SIGNATURE", "签名已被使用。", { timestamp, reason: "signature reused" });
    if (seen === "replay") {
      log.warn("dingtalk: replayed request ignored", { timestamp });
      res.status(200).end();
      return;
    }

    const json = parseJson(body);
    if (json === undefined) reject(log, BOT, "BAD_JSON", "请求体不是合法的 JSON。", {});
    const parsed = DingtalkMessageSchema.safeParse(json);
    if (!parsed.success) reject(log, BOT, "BAD_MESSAGE", "消息格式有误。", { issues: parsed.error.issues.length });
    const m = parsed.data;

    if (!addressedToBot(m)) {
      res.status(200).end();
      return;
    }
    const user = m.senderStaffId ?? m.senderId ?? "unknown";
    const conversationId =
      m.conversationType === "2" ? `dingtalk:group:${m.conversationId}` : `dingtalk:${m.conversationId}:${user}`;
    await reply({
      id: m.msgId,
      answer: answerFor(deps, {
        isText: m.msgtype === "text",
        text: m.text?.content ?? "",
        conversationId,
        origin: { channel: BOT, user },
      }),
      acknowledge: () => res.status(200).end(),
      inline: { deadlineMs, format, send: (text) => res.json(markdownReply(text)) },
      later: { format, send: (text) => postToWebhook(m, text, m.msgId) },
    });
  });

  router.use(botErrorHandler);
  return router;
}
