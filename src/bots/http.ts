/**
 * Small helpers the bot routers share: refusing a request (logged, plain 4xx, no details) and
 * reading the body. The bots are an HTTP boundary of their own: the messenger platforms, not the
 * API's clients, call them, so the status of each refusal is decided here, not in server/.
 */
import type { ErrorRequestHandler, Request } from "express";
import { AppError, type BotRejectCode } from "../core/errors.js";
import type { Logger } from "../core/logger.js";

/** The HTTP status of each refusal; a refusal code without one does not compile. */
export const BOT_HTTP_STATUS: Record<BotRejectCode, number> = {
  BAD_JSON: 400,
  BAD_REQUEST: 400,
  BAD_XML: 400,
  BAD_MESSAGE: 400,
  BAD_EVENT: 400,
  BAD_CIPHERTEXT: 400,
  // Feishu sends encrypted events while no Encrypt Key is set here: the request cannot be read.
  NOT_CONFIGURED: 400,
  BAD_SIGNATURE: 401,
  STALE_TIMESTAMP: 401,
  BAD_TOKEN: 401,
  BAD_APP: 401,
  BAD_RECEIVER: 401,
  NOT_ENCRYPTED: 401,
};

/** The AppError a bot router throws to refuse a request. */
export class BotRejection extends AppError {
  declare readonly code: BotRejectCode;

  constructor(code: BotRejectCode, message: string, details?: Record<string, unknown>) {
    super(code, message, { details });
  }
}

/** Logs why a request was refused and throws the BotRejection botErrorHandler renders as a plain 4xx. */
export function reject(
  log: Logger,
  bot: string,
  code: BotRejectCode,
  message: string,
  details: Record<string, unknown> = {},
): never {
  log.warn(`${bot}: request rejected (${code})`, details);
  throw new BotRejection(code, message, details);
}

/**
 * The last middleware of each bot router: a refusal becomes its status and `{ error: { code, message } }`.
 * Anything else (a body parser's error, a fault) goes on to the app's error handler.
 */
export const botErrorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  if (!(err instanceof BotRejection)) {
    next(err);
    return;
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(BOT_HTTP_STATUS[err.code]).json({ error: { code: err.code, message: err.message } });
};

/**
 * The request body exactly as received: bot routers are mounted before the app's JSON parser
 * and read their bodies with express.raw, which leaves a Buffer in req.body.
 */
export function rawBodyOf(req: Request): Buffer | undefined {
  if (Buffer.isBuffer(req.body)) return req.body;
  if (typeof req.body === "string") return Buffer.from(req.body, "utf8");
  return undefined;
}

/** Text or bytes parsed as JSON; undefined when absent or not JSON (the caller refuses it). */
export function parseJson(body: string | Buffer | undefined): unknown {
  if (body === undefined) return undefined;
  try {
    return JSON.parse(typeof body === "string" ? body : body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** How far a request's timestamp may be from now before it counts as stale or replayed. */
export const DEFAULT_MAX_SKEW_MS = 60 * 60_000;

/**
 * How long a message id is remembered: a request passes the timestamp check for `maxSkewMs` either
 * side of its timestamp, so twice that (and never under 30 minutes, for retries of slow answers).
 */
export function dedupWindowMs(maxSkewMs: number): number {
  return Math.max(30 * 60_000, 2 * maxSkewMs);
}

/** Milliseconds between `now` and a timestamp, absolute. */
export function skewMs(now: number, timestampMs: number): number {
  return Math.abs(now - timestampMs);
}
