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

/** Errors raised by body parsing (malformed JSON, too large) carry a status and a type. */
function fromBodyParser(err: { type?: string; status?: number }): AppError | undefined {
  if (err.type === "entity.parse.failed") return new AppError("BAD_JSON", 400, "请求体不是合法的 JSON。");
  if (err.type === "entity.too.large") return new AppError("TOO_LARGE", 413, "请求体过大。");
  if (err.type === "charset.unsupported" || err.type === "encoding.unsupported") {
    return new AppError("BAD_ENCODING", 415, "不支持的请求编码，请使用 UTF-8。");
  }
  return undefined;
}

export function errorHandler(log: (message: string, err: unknown) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const known = err instanceof AppError ? err : fromBodyParser(err);
    if (!known) log("unhandled error", err);
    const e = known ?? new AppError("INTERNAL", 500, "服务内部错误，请稍后再试。");
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(e.status).json({ error: { code: e.code, message: e.message } });
  };
}
