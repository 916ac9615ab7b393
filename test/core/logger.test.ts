import { describe, expect, it } from "vitest";
import { AppError } from "../../src/core/errors.js";
import { createConsoleLogger, serializeError, silentLogger } from "../../src/core/logger.js";

function streams() {
  const out: string[] = [];
  const err: string[] = [];
  const into = (lines: string[]) => ({ write: (t: string) => lines.push(t) });
  return { out, err, streams: { out: into(out), err: into(err) } };
}

describe("the console logger", () => {
  it("writes info to the out stream and warnings and errors to the err stream, one line each", () => {
    const s = streams();
    const log = createConsoleLogger(s.streams);
    log.info("索引已就绪，可以提问。");
    log.warn("wecom: request rejected (BAD_SIGNATURE)", { timestamp: "1700000000" });
    log.error("sending failed", { msgId: "m1", count: 2 });
    expect(s.out).toEqual(["INFO 索引已就绪，可以提问。\n"]);
    expect(s.err).toEqual([
      'WARN wecom: request rejected (BAD_SIGNATURE) {"timestamp":"1700000000"}\n',
      'ERROR sending failed {"msgId":"m1","count":2}\n',
    ]);
  });

  it("puts the prefix before the message", () => {
    const s = streams();
    createConsoleLogger(s.streams, { prefix: "bots" }).info("feishu: url_verification answered");
    expect(s.out).toEqual(["INFO [bots] feishu: url_verification answered\n"]);
  });

  it("writes an AppError as name, code, message and cause, without a stack", () => {
    const s = streams();
    const cause = new Error("socket hang up");
    const err = new AppError("llm_unavailable", "大模型服务暂时不可用，请稍后再试。", { cause });
    createConsoleLogger(s.streams).error("answer failed", { err });
    expect(s.err).toHaveLength(1);
    const line = s.err[0];
    expect(line.split("\n").filter(Boolean)).toHaveLength(1);
    expect(JSON.parse(line.slice(line.indexOf("{")))).toEqual({
      err: {
        name: "AppError",
        code: "llm_unavailable",
        message: "大模型服务暂时不可用，请稍后再试。",
        cause: { name: "Error", message: "socket hang up" },
      },
    });
  });

  it("writes an unexpected error with its stack, indented on the following lines", () => {
    const s = streams();
    const err = new TypeError("x is undefined");
    createConsoleLogger(s.streams).error("unhandled error", { path: "/api/ask", err });
    const [first, ...rest] = s.err[0].trimEnd().split("\n");
    const fields = '{"path":"/api/ask","err":{"name":"TypeError","message":"x is undefined"}}';
    expect(first).toBe(`ERROR unhandled error ${fields}`);
    expect(rest[0]).toBe("  TypeError: x is undefined");
    expect(rest.slice(1).every((l) => /^\s+at /.test(l))).toBe(true);
    expect(rest.length).toBeGreaterThan(1);
  });

  it("keeps a thrown value that is not an Error as it is", () => {
    expect(serializeError("boom")).toBe("boom");
    expect(serializeError({ status: 500 })).toEqual({ status: 500 });
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
