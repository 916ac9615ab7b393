/** Small helpers the bot routers share: rejecting a request (logged, plain 4xx, no details) and reading the body. */
import type { Request } from "express";
import { AppError } from "../core/errors.js";
import type { BotLogger } from "./types.js";

/** Logs why a request was refused and throws the AppError the app's error handler renders as a plain 4xx. */
export function reject(log: BotLogger, bot: string, status: number, code: string, message: string, details: Record<string, unknown> = {}): never {
  log("warn", `${bot}: request rejected (${code})`, details);
  throw new AppError(code, status, message);
}

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

/** Milliseconds between `now` and a timestamp, absolute. */
export function skewMs(now: number, timestampMs: number): number {
  return Math.abs(now - timestampMs);
}
