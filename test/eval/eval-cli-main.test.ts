/** The eval CLI in-process: its arguments as options (pure) and main(argv) with exit codes and output. */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, parseEvalArgs, resolveThresholds, USAGE } from "../../src/cli/eval-cli.js";
import { UsageError } from "../../src/cli/entry.js";
import { DEFAULT_EVAL_DATA_DIR } from "../../src/eval/runner.js";
import { startFakeOpenAI } from "../helpers/fake-openai-server.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "gxj-eval-main-"));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function run(
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), progress: undefined, env });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("parseEvalArgs", () => {
  it("gives the documented defaults", () => {
    const o = parseEvalArgs([]);
    expect(o).toMatchObject({
      help: false,
      seed: 1,
      modes: ["hybrid"],
      offline: false,
      dataDir: DEFAULT_EVAL_DATA_DIR,
      maxFailures: 30,
    });
    expect(o.thresholdFlags).toEqual({});
    expect(o.set).toBeUndefined();
    expect(o.benchmark).toBeUndefined();
    expect(o.sample).toBeUndefined();
  });

  it("reads a benchmark run with modes, sample, today and threshold flags", () => {
    const o = parseEvalArgs(
      [
        "--benchmark",
        "ncpqa",
        "--data",
        "d",
        "--sample",
        "150",
        "--seed",
        "7",
        "--modes",
        "lexical, vector,hybrid",
      ].concat([
        "--offline",
        "--today",
        "2025-06-01",
        "--min-hit1",
        "0.5",
        "--max-false-refusal",
        "0.1",
        "--failures",
        "5",
      ]),
    );
    expect(o).toMatchObject({ benchmark: "ncpqa", data: "d", sample: 150, seed: 7, offline: true, maxFailures: 5 });
    expect(o.modes).toEqual(["lexical", "vector", "hybrid"]);
    expect(o.thresholdFlags).toEqual({ minHit1: 0.5, maxFalseRefusal: 0.1 });
    expect(o.today.toISOString()).toBe("2025-06-01T04:00:00.000Z");
  });

  it("takes --set as the question file of the laws benchmark, where the questions live in the repository", () => {
    const o = parseEvalArgs(["--benchmark", "laws", "--data", "d", "--set", "eval/sets/laws-staff.jsonl"]);
    expect(o).toMatchObject({ benchmark: "laws", questions: "eval/sets/laws-staff.jsonl" });
    expect(o.set).toBeUndefined();
    const both = ["--benchmark", "laws", "--data", "d", "--set", "a.jsonl", "--questions", "b.jsonl"];
    expect(() => parseEvalArgs(both)).toThrow("--questions");
  });

  it("rejects bad input with a UsageError naming the flag", () => {
    const bad: [string[], string][] = [
      [["--modes", "lexical,magic"], "--modes"],
      [["--benchmark", "nope", "--data", "x"], "--benchmark"],
      [["--benchmark", "ncpqa"], "--data"],
      [["--benchmark", "ncpqa", "--data", "x", "--set", "s.jsonl"], "--set"],
      [["--sample", "-1"], "--sample"],
      [["--min-hit1", "2"], "--min-hit1"],
      [["--today", "1.6.2025"], "--today"],
      [["--frobnicate"], "frobnicate"],
    ];
    for (const [argv, flag] of bad) {
      expect(() => parseEvalArgs(argv), argv.join(" ")).toThrow(UsageError);
      expect(() => parseEvalArgs(argv), argv.join(" ")).toThrow(flag);
    }
  });

  it("lets threshold flags win over the file", async () => {
    const file = path.join(dir, "t.json");
    await writeFile(file, JSON.stringify({ minHit1: 0.2, minHit5: 0.3 }));
    expect(await resolveThresholds({ thresholdsFile: file, thresholdFlags: { minHit1: 0.9 } })).toEqual({
      minHit1: 0.9,
      minHit5: 0.3,
    });
    await expect(
      resolveThresholds({ thresholdsFile: path.join(dir, "none.json"), thresholdFlags: {} }),
    ).rejects.toThrow(UsageError);
  });
});

describe("eval CLI main()", () => {
  it("prints the usage on --help and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(USAGE);
  });

  it("exits 2 with a message on an unknown flag or bad input", async () => {
    const unknown = await run(["--frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("输入有误");
    expect(unknown.err).toContain("--frobnicate");
    const bad = await run(["--benchmark", "nope", "--data", "x"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--benchmark 只接受 ncpqa");
    expect((await run(["--set", path.join(dir, "missing.jsonl"), "--offline"])).err).toContain("评测集有误");
  });

  it("runs the fixture benchmark offline in-process and exits 1 below a threshold flag", async () => {
    const out = path.join(dir, "r.json");
    const argv = [
      "--benchmark",
      "ncpqa",
      "--data",
      "test/fixtures/bench/ncpqa",
      "--bench-dir",
      path.join(dir, "bench"),
      "--offline",
    ];
    const r = await run([
      ...argv,
      "--modes",
      "lexical,hybrid",
      "--today",
      "2025-06-01",
      "--out",
      out,
      "--min-span-f1",
      "1",
    ]);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toContain("检索模式 / 层级");
    expect(r.out).toContain("token：n/a（未配置对话模型，离线抽取式回答）");
    expect(r.err).toContain("基准 ncpqa：");
    expect(r.err).toContain("--min-span-f1 1");
    const json = JSON.parse(await readFile(out, "utf8"));
    expect(json).toMatchObject({
      set: "ncpqa",
      answerer: "extractive",
      modes: ["lexical", "hybrid"],
      today: "2025-06-01",
    });
    expect(json.questions).toHaveLength(4);
    expect(await readFile(path.join(dir, "r.html"), "utf8")).toContain("<svg ");
  }, 120_000);

  it("answers with the configured chat model through wiring (with --usage); --offline ignores the model", async () => {
    const server = await startFakeOpenAI({ reply: () => "据原文，支持比例为30%。[1]" });
    try {
      const env = { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: server.url, CHAT_MODEL: "fake-chat" };
      const argv = ["--benchmark", "ncpqa", "--data", "test/fixtures/bench/ncpqa", "--today", "2025-06-01"];
      argv.push("--bench-dir", path.join(dir, "bench-llm"));
      const r = await run([...argv, "--usage", "--out", path.join(dir, "llm.json")], env);
      expect(r.code, r.err).toBe(0);
      // --usage reaches the request, and the usage the endpoint reports is counted.
      expect(r.out).not.toContain("token：n/a");
      expect(r.out).toMatch(/token合计\s+[1-9]/);
      const chats = server.requests.filter((q) => q.body?.messages);
      expect(chats.length).toBeGreaterThan(0);
      expect(chats.every((q) => q.body.stream === true && q.body.model === "fake-chat")).toBe(true);
      expect(chats.every((q) => q.body.stream_options?.include_usage === true)).toBe(true);
      expect(JSON.parse(await readFile(path.join(dir, "llm.json"), "utf8")).answerer).not.toBe("extractive");

      const before = server.requests.length;
      const offline = await run([...argv, "--offline", "--out", path.join(dir, "offline.json")], env);
      expect(offline.code, offline.err).toBe(0);
      expect(offline.out).toContain("token：n/a（未配置对话模型，离线抽取式回答）");
      expect(server.requests.length).toBe(before);
    } finally {
      await server.close();
    }
  }, 120_000);
});
