/**
 * The API's side of errors: which HTTP status each error code gets, and the error middleware.
 * AppError → its table status and message; anything else (or an AppError of an internal code)
 * → a plain 500 without details, logged.
 */
import type { ErrorRequestHandler, RequestHandler } from "express";
import { z } from "zod";
import { AppError, type ApiErrorCode, type IngestErrorCode, type InternalErrorCode } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { requestIdOf } from "./middleware/request-log.js";

/** Codes that can reach the API. The bots' own refusal codes get their statuses in bots/http.ts. */
export type ServerErrorCode = ApiErrorCode | IngestErrorCode | InternalErrorCode;

/** The HTTP status of each code; a code without one does not compile. */
export const HTTP_STATUS: Record<ServerErrorCode, number> = {
  BAD_REQUEST: 400,
  BAD_JSON: 400,
  BAD_ENCODING: 415,
  TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  RATE_LIMITED: 429,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NOT_READY: 503,
  NOT_CONFIGURED: 503,
  BAD_PATH: 400,
  BAD_UPLOAD: 400,
  UNSUPPORTED_TYPE: 415,
  EMPTY_FILE: 400,
  llm_timeout: 504,
  llm_unavailable: 502,
  INTERNAL: 500,
  // A file that cannot be read: the upload was well formed, its content is not usable.
  EMPTY: 422,
  BINARY: 422,
  CORRUPT: 422,
  UNSUPPORTED: 422,
  NO_TEXT: 422,
  UNREADABLE: 422,
  // Not a client's doing: a plain 500, the message is not shown.
  CONFIG_INVALID: 500,
  USAGE: 500,
  PROMPT_INVALID: 500,
  INDEX_CORRUPT: 500,
  WECOM_CRYPTO: 500,
  WECOM_XML: 500,
  WECOM_API: 500,
  FEISHU_CRYPTO: 500,
  FEISHU_API: 500,
  DINGTALK_API: 500,
  THRESHOLDS_INVALID: 500,
  QUESTION_SET_INVALID: 500,
  QUESTION_SET_MISMATCH: 500,
  BENCHMARK_INVALID: 500,
  REMOTE_EVAL_FAILED: 500,
};

/** What a client is told about an error. */
export interface HttpError {
  status: number;
  code: string;
  message: string;
}

/** The answer to an unexpected error: no code of ours, no message, no stack. */
export const INTERNAL_ERROR: HttpError = { status: 500, code: "INTERNAL", message: "服务内部错误，请稍后再试。" };

/** The status of a code; 500 for a code the API does not know (a bot's refusal code that escaped its router). */
export function httpStatusOf(code: string): number {
  return Object.hasOwn(HTTP_STATUS, code) ? HTTP_STATUS[code as ServerErrorCode] : 500;
}

/**
 * What the client gets for an AppError: its code, message and table status. Undefined for anything
 * else, and for an AppError whose status is 500: those are faults to log, answered with INTERNAL_ERROR.
 */
export function toHttpError(err: unknown): HttpError | undefined {
  if (!(err instanceof AppError)) return undefined;
  const status = httpStatusOf(err.code);
  return status === 500 ? undefined : { status, code: err.code, message: err.message };
}

/** Routes that need the index refuse with 503 until the knowledge base has opened one. */
export function requireReady(kb: { isReady(): boolean }): void {
  if (!kb.isReady()) throw new AppError("NOT_READY", "知识库正在建立索引，请稍后再试。");
}

export function badRequest(error: z.ZodError): AppError {
  return new AppError("BAD_REQUEST", `请求参数有误：${z.prettifyError(error)}`);
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError("NOT_FOUND", `未找到：${req.method} ${req.path}`));
};

/**
 * Errors raised by Express and body parsing carry a status (and, from the parsers, a type). The
 * common ones get their own message; any other 4xx (a malformed %-escape in a path parameter, a
 * body cut short) is still the client's mistake, not a server fault to log, and keeps its status.
 */
function fromExpress(err: { type?: string; status?: number }): HttpError | undefined {
  const known = (code: ApiErrorCode, message: string): HttpError => ({ status: HTTP_STATUS[code], code, message });
  if (err.type === "entity.parse.failed") return known("BAD_JSON", "请求体不是合法的 JSON。");
  if (err.type === "entity.too.large") return known("TOO_LARGE", "请求体过大。");
  if (err.type === "charset.unsupported" || err.type === "encoding.unsupported") {
    return known("BAD_ENCODING", "不支持的请求编码，请使用 UTF-8。");
  }
  if (typeof err.status === "number" && err.status >= 400 && err.status < 500) {
    return { status: err.status, code: "BAD_REQUEST", message: "请求不合规范，请检查地址和请求体。" };
  }
  return undefined;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const known = err instanceof AppError ? toHttpError(err) : fromExpress(err ?? {});
    const reqId = requestIdOf(res);
    if (!known) log.error("unhandled error", reqId ? { err, reqId } : { err });
    const e = known ?? INTERNAL_ERROR;
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(e.status).json({ error: { code: e.code, message: e.message } });
  };
}
