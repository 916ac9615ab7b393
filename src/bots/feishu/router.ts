/**
 * The Feishu / Lark event subscription at /bots/feishu: the url_verification challenge, encrypted
 * events with the request signature check, and im.message.receive_v1 text messages in direct
 * chats and @-mentions in groups. Feishu wants a response within 3 s, so events are acknowledged
 * at once and answered through the reply API; a re-delivered event id is answered once.
 */
import express, { type Request } from "express";
import { formatReply, type BotReply } from "../chat.js";
import { botErrorHandler, DEFAULT_MAX_SKEW_MS, dedupWindowMs, parseJson, rawBodyOf, reject, skewMs } from "../http.js";
import { answerFor, createReplyLifecycle } from "../reply.js";
import type { BotDeps } from "../types.js";
import { FeishuApi } from "./api.js";
import { feishuDecrypt, feishuSignature, feishuSignatureMatches, tokenMatches } from "./crypto.js";
import { ChallengeSchema, EncryptedBodySchema, EventSchema, MessageReceiveSchema, questionOf } from "./message.js";

export interface FeishuSettings {
  appId: string;
  appSecret: string;
  verificationToken: string;
  encryptKey?: string;
  apiBase: string;
  /** @default 1 hour */
  maxSkewMs?: number;
  dedupTtlMs?: number;
}

/** Feishu text messages may be up to 150 KB of request body; stay well below, JSON escaping included. */
export const FEISHU_TEXT_LIMIT = 100_000;

const BOT = "feishu";

export function createFeishuRouter(deps: BotDeps, settings: FeishuSettings): express.Router {
  const { log } = deps;
  const now = deps.now ?? Date.now;
  const maxSkewMs = settings.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const reply = createReplyLifecycle({
    bot: BOT,
    log,
    now,
    dedupTtlMs: settings.dedupTtlMs ?? dedupWindowMs(maxSkewMs),
    claims: deps.claims,
    wording: {
      idKey: "eventId",
      duplicate: "duplicate event ignored",
      later: "answered through the reply API",
      sendFailed: "reply failed",
    },
  });
  const format = (r: BotReply) =>
    formatReply(r, { style: "text", unit: "bytes", limit: FEISHU_TEXT_LIMIT, publicBaseUrl: deps.publicBaseUrl });
  const api = new FeishuApi({ ...settings, fetch: deps.fetch, now });

  /** Whether a time given in digits (of `unitMs` milliseconds each) is malformed or outside the timestamp window. */
  const outsideWindow = (digits: string, unitMs: number) =>
    !/^\d{1,13}$/.test(digits) || skewMs(now(), Number(digits) * unitMs) > maxSkewMs;

  /** The event as JSON: decrypted and signature-checked when an encrypt key is set. */
  const readPayload = (req: Request): unknown => {
    const raw = rawBodyOf(req);
    const body = parseJson(raw);
    if (!body || typeof body !== "object") reject(log, BOT, "BAD_JSON", "请求体不是合法的 JSON。", {});
    const encrypted = EncryptedBodySchema.safeParse(body);
    if (!settings.encryptKey) {
      if (encrypted.success) reject(log, BOT, "NOT_CONFIGURED", "未配置 Encrypt Key，无法解密。", {});
      return body;
    }
    if (!encrypted.success) reject(log, BOT, "NOT_ENCRYPTED", "事件未加密。", {});
    const timestamp = req.get("x-lark-request-timestamp");
    const nonce = req.get("x-lark-request-nonce");
    const signature = req.get("x-lark-signature");
    const signed = Boolean(timestamp && nonce && signature && raw);
    if (signed) {
      if (outsideWindow(timestamp!, 1000)) {
        reject(log, BOT, "STALE_TIMESTAMP", "请求已过期。", { timestamp });
      }
      if (!feishuSignatureMatches(feishuSignature(timestamp!, nonce!, settings.encryptKey, raw!), signature!)) {
        reject(log, BOT, "BAD_SIGNATURE", "签名校验失败。", { timestamp });
      }
    }
    let plain: string;
    try {
      plain = feishuDecrypt(settings.encryptKey, encrypted.data.encrypt);
    } catch (err) {
      reject(log, BOT, "BAD_CIPHERTEXT", "无法解密事件。", { reason: (err as Error).message });
    }
    const payload = parseJson(plain);
    if (!payload || typeof payload !== "object") reject(log, BOT, "BAD_JSON", "解密后的事件不是合法的 JSON。", {});
    // Only the URL challenge may come unsigned (its token is checked); events must carry a signature.
    if (!signed && (payload as { type?: unknown }).type !== "url_verification") {
      reject(log, BOT, "BAD_SIGNATURE", "缺少签名。", {});
    }
    return payload;
  };

  const router = express.Router();
  router.use(express.raw({ type: () => true, limit: "64kb" }));

  router.post("/", async (req, res) => {
    const payload = readPayload(req);

    const challenge = ChallengeSchema.safeParse(payload);
    if (challenge.success) {
      if (!tokenMatches(settings.verificationToken, challenge.data.token))
        reject(log, BOT, "BAD_TOKEN", "Verification Token 不符。", {});
      log.info("feishu: url_verification answered");
      res.json({ challenge: challenge.data.challenge });
      return;
    }

    const event = EventSchema.safeParse(payload);
    if (!event.success) reject(log, BOT, "BAD_EVENT", "事件格式有误。", { issues: event.error.issues.length });
    const { header } = event.data;
    if (!tokenMatches(settings.verificationToken, header.token))
      reject(log, BOT, "BAD_TOKEN", "Verification Token 不符。", { eventId: header.event_id });
    if (header.app_id && header.app_id !== settings.appId)
      reject(log, BOT, "BAD_APP", "事件不是发给本应用的。", { eventId: header.event_id });
    // The event's own time bounds a replay whatever the transport: without an encrypt key nothing
    // else is signed, and a captured day-old event must not be answered again.
    const created = header.create_time;
    if (created !== undefined && outsideWindow(created, 1)) {
      reject(log, BOT, "STALE_TIMESTAMP", "事件已过期。", { eventId: header.event_id });
    }

    if (header.event_type !== "im.message.receive_v1") {
      res.json({});
      return;
    }
    const received = MessageReceiveSchema.safeParse(event.data.event);
    if (!received.success) reject(log, BOT, "BAD_EVENT", "消息事件格式有误。", { eventId: header.event_id });
    const e = received.data;

    const question = e.sender.sender_type === "app" ? undefined : questionOf(e);
    const user = e.sender.sender_id.open_id ?? e.sender.sender_id.user_id ?? e.sender.sender_id.union_id ?? "unknown";
    const conversationId =
      e.message.chat_type === "p2p" ? `feishu:${settings.appId}:${user}` : `feishu:group:${e.message.chat_id}`;
    const isText = e.message.message_type === "text";
    // Feishu takes no inline replies: the event is acknowledged at once and answered through the reply API.
    await reply({
      id: header.event_id,
      answer:
        question === undefined
          ? undefined
          : answerFor(deps, { isText, text: question, conversationId, origin: { channel: BOT, user } }),
      acknowledge: () => res.json({}),
      later: { format, send: (text) => api.replyText(e.message.message_id, text) },
    });
  });

  router.use(botErrorHandler);
  return router;
}
