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
});
