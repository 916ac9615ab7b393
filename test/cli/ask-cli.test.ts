import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { AnswerSchema } from "../../src/core/schemas.js";
import { tempDir } from "../helpers/corpus.js";

const run = promisify(execFile);

describe("npm run ask", () => {
  it("with --json, prints exactly one JSON object with the answer and its citations", async () => {
    const dataDir = await tempDir("data");
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "src/cli/ask-cli.ts", "--json", "公共技术服务平台扶持计划给多少支持？"],
      {
        env: { ...process.env, DATA_DIR: dataDir, CORPUS_DIR: "corpus" },
      },
    );
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]);
    expect(Object.keys(parsed).sort()).toEqual(["answer", "citations", "refused"]);
    const answer = AnswerSchema.parse(parsed);
    expect(answer.answer).toContain("30%");
    expect(Object.keys(answer.citations[0]).sort()).toEqual([
      "date",
      "docId",
      "end",
      "n",
      "quote",
      "section",
      "start",
      "title",
    ]);
  });

  it("with an empty question, exits non-zero with a Chinese message", async () => {
    await expect(run(process.execPath, ["--import", "tsx", "src/cli/ask-cli.ts", "--json", " "])).rejects.toMatchObject(
      {
        code: 2,
        stderr: expect.stringContaining("问题不能为空"),
      },
    );
  });

  it("with --json, prints one JSON error object (no stack trace) and exits non-zero when the chat endpoint fails", async () => {
    const dataDir = await tempDir("data");
    const key = "sk-cli-test-0123456789";
    const failure = await run(
      process.execPath,
      ["--import", "tsx", "src/cli/ask-cli.ts", "--json", "公共技术服务平台扶持计划给多少支持？"],
      {
        env: {
          ...process.env,
          DATA_DIR: dataDir,
          CORPUS_DIR: "corpus",
          OPENAI_API_KEY: key,
          CHAT_MODEL: "fake-chat",
          // Nothing listens on port 9 of loopback: the endpoint fails.
          OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
          LLM_TIMEOUT_SECONDS: "5",
        },
      },
    ).then(
      () => undefined,
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(failure).toBeDefined();
    expect(failure!.code).toBe(1);
    const lines = failure!.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]);
    expect(Object.keys(parsed)).toEqual(["error"]);
    expect(Object.keys(parsed.error).sort()).toEqual(["code", "message"]);
    expect(parsed.error.code).toMatch(/^llm_(unavailable|timeout)$/);
    expect(parsed.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(`${failure!.stdout}${failure!.stderr}`).not.toMatch(/\n\s+at /);
    expect(`${failure!.stdout}${failure!.stderr}`).not.toContain(key);
  }, 60_000);
});
