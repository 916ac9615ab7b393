/** Bearer-token access control for /api, when tokens are configured. */
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { AppError } from "../../core/errors.js";

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** Compares digests (equal length) in constant time, against every token without stopping early. */
export function tokenMatches(given: string, tokens: readonly string[]): boolean {
  return tokenIndex(given, tokens) >= 0;
}

/** The position of `given` among `tokens` (-1 when absent), compared as tokenMatches does. */
export function tokenIndex(given: string, tokens: readonly string[]): number {
  const g = digest(given);
  let found = -1;
  tokens.forEach((t, i) => {
    if (timingSafeEqual(g, digest(t)) && found < 0) found = i;
  });
  return found;
}

/**
 * The name the audit log records for a request's token: its place in API_TOKENS ("token-1" for
 * the first), never the token itself. Set by requireToken; absent without access control.
 */
export function tokenNameOf(res: { locals: Record<string, unknown> }): string | undefined {
  const name = res.locals.tokenName;
  return typeof name === "string" ? name : undefined;
}

/** Requires `Authorization: Bearer <token>` when tokens are configured; a no-op otherwise. */
export function requireToken(tokens: readonly string[]): RequestHandler {
  return (req, res, next) => {
    if (tokens.length === 0) return next();
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "");
    const i = m ? tokenIndex(m[1], tokens) : -1;
    if (i >= 0) {
      res.locals.tokenName = `token-${i + 1}`;
      return next();
    }
    res.setHeader("WWW-Authenticate", 'Bearer realm="api"');
    next(
      new AppError(
        "UNAUTHORIZED",
        m ? "访问令牌无效，请检查后重新输入。" : "需要访问令牌：请在请求头中提供 Authorization: Bearer <令牌>。",
      ),
    );
  };
}

/**
 * Requires one of the administrators' tokens (ADMIN_TOKENS), which are separate from the API's:
 * without any configured, administration routes are refused (503), never open.
 */
export function requireAdmin(tokens: readonly string[]): RequestHandler {
  return (req, res, next) => {
    if (tokens.length === 0)
      return next(new AppError("NOT_CONFIGURED", "未配置管理员令牌（ADMIN_TOKENS），管理接口不可用。"));
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "");
    if (m && tokenMatches(m[1], tokens)) return next();
    res.setHeader("WWW-Authenticate", 'Bearer realm="admin"');
    next(new AppError("UNAUTHORIZED", m ? "管理员令牌无效。" : "需要管理员令牌：Authorization: Bearer <令牌>。"));
  };
}
