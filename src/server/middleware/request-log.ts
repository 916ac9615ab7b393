/**
 * One log line per HTTP request, written when the response ends (or the client goes away):
 * request id, method, route, status and latency in milliseconds. The request id is the client's
 * X-Request-Id when it is a plain token (so a proxy's id follows the request through), else a new
 * UUID; either way it is sent back in X-Request-Id and given to later handlers in res.locals.
 * A question's text is part of the line only when `logQuestions` says so (LOG_QUESTIONS).
 */
import { randomUUID } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import type { Logger } from "../../core/logger.js";

/** An id a client may choose: short, and nothing a log reader could mistake for structure. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const REQUEST_ID_HEADER = "X-Request-Id";

/** The request id of a response (set by requestLog); undefined outside it. */
export function requestIdOf(res: Response): string | undefined {
  const id: unknown = res.locals.requestId;
  return typeof id === "string" ? id : undefined;
}

/** A route's full pattern from its router's mount path and its own path (`/api/documents` + `/*docId`). */
function fullPattern(baseUrl: string, path: string): string {
  return baseUrl && path === "/" ? baseUrl : `${baseUrl}${path}`;
}

/**
 * Calls `onMatch` with the full pattern of every route the request matches (`/api/documents/*docId`),
 * so lines of one route group together whatever ids the path holds. Express sets `req.route` when a
 * route matches, while `req.baseUrl` still names the router's mount path; by the time the response
 * ends (after an error, say) the mount path is gone, so the pattern is taken at that moment.
 */
function watchRoute(req: Request, onMatch: (pattern: string) => void): void {
  let route: unknown;
  Object.defineProperty(req, "route", {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: { path?: unknown } | undefined) => {
      route = value;
      if (typeof value?.path === "string") onMatch(fullPattern(req.baseUrl, value.path));
    },
  });
}

export function requestLog(log: Logger, { logQuestions = false }: { logQuestions?: boolean } = {}): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const offered = req.get(REQUEST_ID_HEADER);
    const requestId = offered && CLIENT_REQUEST_ID.test(offered) ? offered : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    // The path without its query until a route matches.
    let route = req.originalUrl.split("?")[0];
    watchRoute(req, (pattern) => (route = pattern));
    res.once("close", () => {
      const question = (req.body as { question?: unknown } | undefined)?.question;
      log.info("request", {
        reqId: requestId,
        method: req.method,
        route,
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ...(res.writableFinished ? {} : { aborted: true }),
        ...(logQuestions && typeof question === "string" ? { question } : {}),
      });
    });
    next();
  };
}
