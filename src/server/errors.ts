/** The error middleware: AppError → its status and message; anything else → a plain 500. */
import type { ErrorRequestHandler, RequestHandler } from "express";
import { z } from "zod";
import { AppError } from "../core/errors.js";

export function badRequest(error: z.ZodError): AppError {
  return new AppError("BAD_REQUEST", 400, `请求参数有误：${z.prettifyError(error)}`);
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError("NOT_FOUND", 404, `未找到：${req.method} ${req.path}`));
};

/**
 * Errors raised by Express and body parsing carry a status (and, from the parsers, a type). The
 * common ones get their own message; any other 4xx (a malformed %-escape in a path parameter, a
 * body cut short) is still the client's mistake, not a server fault to log.
 */
function fromExpress(err: { type?: string; status?: number }): AppError | undefined {
  if (err.type === "entity.parse.failed") return new AppError("BAD_JSON", 400, "请求体不是合法的 JSON。");
  if (err.type === "entity.too.large") return new AppError("TOO_LARGE", 413, "请求体过大。");
  if (err.type === "charset.unsupported" || err.type === "encoding.unsupported") {
    return new AppError("BAD_ENCODING", 415, "不支持的请求编码，请使用 UTF-8。");
  }
  if (typeof err.status === "number" && err.status >= 400 && err.status < 500) {
    return new AppError("BAD_REQUEST", err.status, "请求不合规范，请检查地址和请求体。");
  }
  return undefined;
}

export function errorHandler(log: (message: string, err: unknown) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const known = err instanceof AppError ? err : fromExpress(err ?? {});
    if (!known) log("unhandled error", err);
    const e = known ?? new AppError("INTERNAL", 500, "服务内部错误，请稍后再试。");
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(e.status).json({ error: { code: e.code, message: e.message } });
  };
}
