/** The eval CLI end to end on the fixture benchmark: outputs and exit codes with thresholds. */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
let dir: string;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec("npx", ["tsx", "src/cli/eval-cli.ts", ...args], {
      env: { ...process.env, CHAT_MODEL: "", EMBEDDING_MODEL: "" },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const base = () => [
  "--benchmark",
  "ncpqa",
  "--data",
  "test/fixtures/bench/ncpqa",
  "--bench-dir",
  path.join(dir, "bench"),
  "--offline",
  "--modes",
  "lexical,hybrid",
  "--today",
  "2025-06-01",
];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "gxj-eval-cli-"));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("eval CLI", () => {
  it("writes JSON and HTML, exits 0 when the thresholds are met", async () => {
    await writeFile(path.join(dir, "low.json"), JSON.stringify({ minDocHit5: 0.5, minHit5: 0.1 }));
    const r = await cli([...base(), "--out", path.join(dir, "r1.json"), "--thresholds", path.join(dir, "low.json")]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("检索模式 / 层级");
    const json = JSON.parse(await readFile(path.join(dir, "r1.json"), "utf8"));
    expect(json.benchmark.name).toBe("ncpqa");
    expect(json.questions).toHaveLength(4);
    expect(await readFile(path.join(dir, "r1.html"), "utf8")).toContain("<svg ");
  }, 120_000);

  it("exits 1 below a threshold (flag over file) and compares with a baseline", async () => {
    const r = await cli([
      ...base(),
      "--out",
      path.join(dir, "r2.json"),
      "--thresholds",
      path.join(dir, "low.json"),
      "--min-span-f1",
      "1",
      "--baseline",
      path.join(dir, "r1.json"),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--min-span-f1 1");
    expect(r.stdout).toContain("与基线比较");
  }, 120_000);

  it("exits 2 on bad input", async () => {
    expect((await cli(["--benchmark", "nope", "--data", "x"])).code).toBe(2);
    await writeFile(path.join(dir, "bad.json"), JSON.stringify({ minWhatever: 0.5 }));
    expect((await cli([...base(), "--thresholds", path.join(dir, "bad.json")])).code).toBe(2);
    expect((await cli([...base(), "--modes", "lexical,magic"])).code).toBe(2);
  }, 120_000);
});
