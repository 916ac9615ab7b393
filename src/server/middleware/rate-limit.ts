/** Requests per minute per client address on /api; the answer to an excess is a JSON 429. */
import type { RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import { AppError } from "../../core/errors.js";

export function perClientRateLimit(perMinute: number): RequestHandler {
  if (perMinute <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError("RATE_LIMITED", "请求过于频繁，请稍后再试。")),
  });
}
