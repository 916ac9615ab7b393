/** The command-line entry points' shared shape: parseArgs errors as usage errors, main() only when run directly. */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAskArgs } from "../../src/cli/ask-cli.js";
import { parseBenchStreamArgs } from "../../src/cli/bench-stream.js";
import { parseBenchWecomArgs } from "../../src/cli/bench-wecom.js";
import { isEntryPoint, parseCommandLine, UsageError } from "../../src/cli/entry.js";

describe("CLI entry helpers", () => {
  it("turns parseArgs errors into usage errors", () => {
    expect(() => parseCommandLine(["--nope"], { options: {} })).toThrow(UsageError);
    expect(() => parseCommandLine(["--n"], { options: { n: { type: "string" } } })).toThrow(/输入有误/);
    expect(parseCommandLine(["--n", "3"], { options: { n: { type: "string" } } }).values.n).toBe("3");
  });

  it("knows the script node was started with", () => {
    const file = path.resolve("src/cli/eval-cli.ts");
    expect(isEntryPoint(pathToFileURL(file).href, file)).toBe(true);
    expect(isEntryPoint(pathToFileURL(file).href, path.resolve("src/cli/ask-cli.ts"))).toBe(false);
    expect(isEntryPoint(pathToFileURL(file).href, undefined)).toBe(false);
    expect(isEntryPoint(import.meta.url)).toBe(false);
  });

  it("parses the other CLIs' arguments as before", () => {
    expect(parseBenchStreamArgs([])).toEqual({ n: 50, question: "公共技术服务平台扶持计划给多少支持？" });
    expect(parseBenchStreamArgs(["-n", "5", "补贴", "多少"])).toEqual({ n: 5, question: "补贴 多少" });
    expect(() => parseBenchStreamArgs(["-n", "x"])).toThrow(UsageError);
    expect(parseBenchWecomArgs(["--n", "0", "--question", "问"])).toEqual({ n: 1, question: "问" });
    const ask = parseAskArgs(["--json", "--year", "2021", "补贴", "多少？"]);
    expect(ask).toMatchObject({ json: true, request: { question: "补贴 多少？", filters: { year: 2021 } } });
    expect(() => parseAskArgs(["--json", " "])).toThrow("问题不能为空");
  });
});
