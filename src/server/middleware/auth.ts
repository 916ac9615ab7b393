/** Bearer-token access control for /api, when tokens are configured. */
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { AppError } from "../../core/errors.js";

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** Compares digests (equal length) in constant time, against every token without stopping early. */
export function tokenMatches(given: string, tokens: readonly string[]): boolean {
  const g = digest(given);
  let ok = false;
  for (const t of tokens) ok = timingSafeEqual(g, digest(t)) || ok;
  return ok;
}

/** Requires `Authorization: Bearer <token>` when tokens are configured; a no-op otherwise. */
export function requireToken(tokens: readonly string[]): RequestHandler {
  return (req, res, next) => {
    if (tokens.length === 0) return next();
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "");
    if (m && tokenMatches(m[1], tokens)) return next();
    res.setHeader("WWW-Authenticate", 'Bearer realm="api"');
    next(
      new AppError(
        "UNAUTHORIZED",
        m ? "访问令牌无效，请检查后重新输入。" : "需要访问令牌：请在请求头中提供 Authorization: Bearer <令牌>。",
      ),
    );
  };
}
