import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AppError,
  API_ERROR_CODES,
  BOT_REJECT_CODES,
  ERROR_CODES,
  INGEST_ERROR_CODES,
  INTERNAL_ERROR_CODES,
  type ErrorCode,
} from "../../src/core/errors.js";
import type { Logger } from "../../src/core/logger.js";
import { IngestError } from "../../src/ingest/errors.js";
import { BOT_HTTP_STATUS, botErrorHandler, reject } from "../../src/bots/http.js";
import { errorHandler, HTTP_STATUS, httpStatusOf } from "../../src/server/errors.js";
import { listen } from "../helpers/http.js";

describe("the status tables", () => {
  it("give every code the API can answer a 4xx or 5xx status, and nothing else", () => {
    for (const code of [...API_ERROR_CODES, ...INGEST_ERROR_CODES, ...INTERNAL_ERROR_CODES]) {
      const status = (HTTP_STATUS as Record<string, number>)[code];
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
    for (const code of Object.keys(HTTP_STATUS)) expect(ERROR_CODES, code).toContain(code);
  });

  it("answer internal codes with a plain 500", () => {
    for (const code of INTERNAL_ERROR_CODES) expect(httpStatusOf(code), code).toBe(500);
  });

  it("give every bot refusal code a 4xx status, and nothing else", () => {
    for (const code of BOT_REJECT_CODES) {
      expect(BOT_HTTP_STATUS[code], code).toBeGreaterThanOrEqual(400);
      expect(BOT_HTTP_STATUS[code], code).toBeLessThan(500);
    }
    expect(Object.keys(BOT_HTTP_STATUS).sort()).toEqual([...BOT_REJECT_CODES].sort());
  });

  it("cover every code at one boundary at least", () => {
    const covered = new Set<string>([...Object.keys(HTTP_STATUS), ...Object.keys(BOT_HTTP_STATUS)]);
    for (const code of ERROR_CODES) expect(covered.has(code), code).toBe(true);
  });
});

/** A logger that keeps what it is given. */
function recording() {
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, message, fields });
  const log: Logger = { info: at("info"), warn: at("warn"), error: at("error") };
  return { lines, log };
}

describe("the error middleware", () => {
  const logger = recording();
  let server: Awaited<ReturnType<typeof listen>>;
  let thrown: unknown;

  beforeAll(async () => {
    const app = express();
    app.get("/throw", () => {
      throw thrown;
    });
    const bot = express.Router();
    bot.post("/", () => reject(logger.log, "test", "NOT_CONFIGURED", "未配置。", { id: 1 }));
    bot.get("/", () => {
      throw thrown;
    });
    bot.use(botErrorHandler);
    app.use("/bot", bot);
    app.use(errorHandler(logger.log));
    server = await listen(app);
  });
  afterAll(() => server.close());

  async function answerTo(err: unknown, path = "/throw", method = "GET") {
    thrown = err;
    logger.lines.length = 0;
    const res = await fetch(`${server.url}${path}`, { method });
    return { status: res.status, text: await res.text() };
  }

  it.each([
    ["NOT_READY", 503],
    ["llm_timeout", 504],
    ["llm_unavailable", 502],
    ["NOT_FOUND", 404],
    ["UNSUPPORTED_TYPE", 415],
    ["RATE_LIMITED", 429],
  ] as Array<[ErrorCode, number]>)(
    "answers an AppError %s with %i, its code and message, unlogged",
    async (code, s) => {
      const res = await answerTo(new AppError(code, "中文说明。"));
      expect(res.status).toBe(s);
      expect(JSON.parse(res.text)).toEqual({ error: { code, message: "中文说明。" } });
      expect(logger.lines).toEqual([]);
    },
  );

  it("answers an IngestError with 422", async () => {
    const res = await answerTo(new IngestError("CORRUPT", "a.pdf"));
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text)).toEqual({
      error: { code: "CORRUPT", message: "a.pdf：文件已损坏或格式不正确，无法读取" },
    });
  });

  it("answers an unexpected error with a generic 500, no message or stack, and logs it", async () => {
    const err = new TypeError("secret detail");
    const res = await answerTo(err);
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text)).toEqual({ error: { code: "INTERNAL", message: "服务内部错误，请稍后再试。" } });
    expect(res.text).not.toMatch(/secret|at .*\.(ts|js)|TypeError/);
    expect(logger.lines).toEqual([{ level: "error", message: "unhandled error", fields: { err } }]);
  });

  it("answers an AppError of an internal code like an unexpected error", async () => {
    const res = await answerTo(new AppError("CONFIG_INVALID", "Invalid configuration: secret"));
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text)).toEqual({ error: { code: "INTERNAL", message: "服务内部错误，请稍后再试。" } });
    expect(logger.lines.map((l) => l.message)).toEqual(["unhandled error"]);
  });

  it("keeps the status of an Express 4xx error", async () => {
    const res = await answerTo(Object.assign(new Error("URI malformed"), { status: 400 }));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.code).toBe("BAD_REQUEST");
  });

  it("lets a bot router answer its refusals with the bots' statuses, logged as a warning", async () => {
    const res = await answerTo(undefined, "/bot", "POST");
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ error: { code: "NOT_CONFIGURED", message: "未配置。" } });
    const refusal = { level: "warn", message: "test: request rejected (NOT_CONFIGURED)", fields: { id: 1 } };
    expect(logger.lines).toEqual([refusal]);
  });

  it("passes other errors of a bot router on to the app's handler", async () => {
    const res = await answerTo(new AppError("NOT_READY", "稍后。"), "/bot");
    expect(res.status).toBe(503);
    expect(JSON.parse(res.text)).toEqual({ error: { code: "NOT_READY", message: "稍后。" } });
  });
});
