/** Server-sent events on an Express response: one JSON object per event, comments as keep-alive. */
import type { Response } from "express";

export interface SseStream {
  send(event: string, data: unknown): void;
  /** Whether the client is still there. */
  readonly open: boolean;
  end(): void;
}

/** Seconds between keep-alive comments, so proxies do not drop a slow answer. */
const KEEP_ALIVE_MS = 15_000;

export function startSse(res: Response): SseStream {
  res.status(200);
  res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
  res.setHeader("Cache-Control", "no-cache, no-transform");
  res.setHeader("Connection", "keep-alive");
  // nginx buffers proxied responses unless told not to.
  res.setHeader("X-Accel-Buffering", "no");
  res.flushHeaders();
  let open = true;
  const timer = setInterval(() => open && res.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
  timer.unref();
  res.on("close", () => {
    open = false;
    clearInterval(timer);
  });
  return {
    get open() {
      return open && !res.writableEnded;
    },
    send(event, data) {
      if (!this.open) return;
      // JSON.stringify never emits a raw newline, so one data line carries the whole object.
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      clearInterval(timer);
      if (!res.writableEnded) res.end();
    },
  };
}
