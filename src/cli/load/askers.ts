/**
 * Concurrent askers: autocannon connections posting questions to /api/ask on one or more
 * instances for a fixed time, with each response's start and end kept (so asks can be matched
 * against re-index windows) and the instances' connections' figures added up.
 */
import autocannon from "autocannon";
import type { Span } from "./stats.js";

export interface AskerOptions {
  urls: readonly string[];
  /** Connections in all, spread evenly over the urls. */
  connections: number;
  seconds: number;
  questions: readonly string[];
}

export interface AskerRun {
  /** Every completed response: its span and status. */
  responses: (Span & { status: number })[];
  requests: number;
  non2xx: number;
  /** Connection errors and timeouts (a request that never got a response). */
  errors: number;
  timeouts: number;
  seconds: number;
}

/** A response taking longer than this counts as a timeout (an error), not a latency. */
const REQUEST_TIMEOUT_SECONDS = 30;

export async function runAskers(opts: AskerOptions): Promise<AskerRun> {
  const requests = opts.questions.map((question) => ({
    method: "POST" as const,
    path: "/api/ask",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ question }),
  }));
  const responses: AskerRun["responses"] = [];
  const started = performance.now();
  const runs = opts.urls.map((url, i) => {
    const connections =
      Math.floor(opts.connections / opts.urls.length) + (i < opts.connections % opts.urls.length ? 1 : 0);
    return new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        { url, connections, duration: opts.seconds, timeout: REQUEST_TIMEOUT_SECONDS, requests },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
      instance.on("response", (_client, statusCode, _bytes, responseTime) => {
        const end = performance.now();
        responses.push({ start: end - responseTime, end, status: statusCode });
      });
    });
  });
  const results = await Promise.all(runs);
  return {
    responses,
    requests: responses.length,
    non2xx: responses.filter((r) => r.status < 200 || r.status >= 300).length,
    errors: results.reduce((n, r) => n + r.errors, 0),
    timeouts: results.reduce((n, r) => n + r.timeouts, 0),
    seconds: (performance.now() - started) / 1000,
  };
}
