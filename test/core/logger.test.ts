import os from "node:os";
import { describe, expect, it } from "vitest";
import { AppError } from "../../src/core/errors.js";
import { createConsoleLogger, serializeError, silentLogger } from "../../src/core/logger.js";

function streams() {
  const out: string[] = [];
  const err: string[] = [];
  const into = (lines: string[]) => ({ write: (t: string) => lines.push(t) });
  return { out, err, streams: { out: into(out), err: into(err) } };
}

/** Each written chunk must be exactly one JSON object and a newline. */
const parsed = (lines: string[]) =>
  lines.map((l) => {
    expect(l.endsWith("\n")).toBe(true);
    expect(l.slice(0, -1)).not.toContain("\n");
    return JSON.parse(l) as Record<string, unknown>;
  });

describe("the logger", () => {
  it("writes one JSON line per call: info to the out stream, warnings and errors to the err stream", () => {
    const s = streams();
    const log = createConsoleLogger(s.streams);
    log.info("索引已就绪，可以提问。");
    log.warn("wecom: request rejected (BAD_SIGNATURE)", { timestamp: "1700000000" });
    log.error("sending failed", { msgId: "m1", count: 2 });
    const [info] = parsed(s.out);
    expect(s.out).toHaveLength(1);
    expect(info).toMatchObject({
      level: "info",
      msg: "索引已就绪，可以提问。",
      pid: process.pid,
      hostname: os.hostname(),
    });
    expect(new Date(info.time as string).toISOString()).toBe(info.time);
    expect(parsed(s.err)).toMatchObject([
      { level: "warn", msg: "wecom: request rejected (BAD_SIGNATURE)", timestamp: "1700000000" },
      { level: "error", msg: "sending failed", msgId: "m1", count: 2 },
    ]);
  });

  it("writes the prefix as the component of every line", () => {
    const s = streams();
    createConsoleLogger(s.streams, { prefix: "bots" }).info("feishu: url_verification answered");
    expect(parsed(s.out)).toMatchObject([{ component: "bots", msg: "feishu: url_verification answered" }]);
  });

  it("writes nothing below the configured level", () => {
    const s = streams();
    const log = createConsoleLogger(s.streams, { level: "warn" });
    log.info("not written");
    log.warn("written");
    expect(s.out).toEqual([]);
    expect(parsed(s.err)).toMatchObject([{ level: "warn", msg: "written" }]);
  });

  it("writes an AppError as name, code, message and cause, without a stack", () => {
    const s = streams();
    const cause = new Error("socket hang up");
    const err = new AppError("llm_unavailable", "大模型服务暂时不可用，请稍后再试。", { cause });
    createConsoleLogger(s.streams).error("answer failed", { err });
    expect(parsed(s.err)[0].err).toEqual({
      name: "AppError",
      code: "llm_unavailable",
      message: "大模型服务暂时不可用，请稍后再试。",
      cause: { name: "Error", message: "socket hang up" },
    });
  });

  it("writes an unexpected error with its stack, inside the one line", () => {
    const s = streams();
    const err = new TypeError("x is undefined");
    createConsoleLogger(s.streams).error("unhandled error", { path: "/api/ask", err });
    const [line] = parsed(s.err);
    expect(line).toMatchObject({ path: "/api/ask", err: { name: "TypeError", message: "x is undefined" } });
    const stack = (line.err as { stack: string }).stack.split("\n");
    expect(stack[0]).toBe("TypeError: x is undefined");
    expect(stack.length).toBeGreaterThan(1);
    expect(stack.slice(1).every((l) => /^\s+at /.test(l))).toBe(true);
  });

  it("redacts a secret wherever it stands in the line: message, field, nested cause, stack, JSON or URL encoded", () => {
    const secret = 'sk-"quoted"/secret+1';
    const s = streams();
    const log = createConsoleLogger(s.streams, { secrets: [secret] });
    const cause = new Error(`upstream echoed ${secret}`);
    log.error(`failed with ${secret}`, {
      url: `https://example.test/?key=${encodeURIComponent(secret)}`,
      nested: { deeper: [secret] },
      err: new Error("wrapped", { cause }),
    });
    const text = s.err.join("");
    expect(text).not.toContain("sk-");
    expect(text).not.toContain(encodeURIComponent(secret));
    const [line] = parsed(s.err);
    expect(line.msg).toBe("failed with [REDACTED]");
    expect(line.url).toBe("https://example.test/?key=[REDACTED]");
    expect(line.nested).toEqual({ deeper: ["[REDACTED]"] });
    expect((line.err as { cause: { message: string } }).cause.message).toBe("upstream echoed [REDACTED]");
  });

  it("keeps a thrown value that is not an Error as it is", () => {
    expect(serializeError("boom")).toBe("boom");
    expect(serializeError({ status: 500 })).toEqual({ status: 500 });
    const s = streams();
    createConsoleLogger(s.streams).error("odd throw", { err: "boom" });
    expect(parsed(s.err)[0].err).toBe("boom");
  });
});

describe("the silent logger", () => {
  it("takes every call and writes nothing", () => {
    expect(() => {
      silentLogger.info("a");
      silentLogger.warn("b", { x: 1 });
      silentLogger.error("c", { err: new Error("d") });
    }).not.toThrow();
  });
});
