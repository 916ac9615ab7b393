import { describe, expect, it } from "vitest";
import { budgetFor, main, parseBenchArgs } from "../../src/cli/bench-cli.js";
import { UsageError } from "../../src/cli/entry.js";

describe("npm run bench arguments", () => {
  it("when --quick is given, then the three small corpora run with short bounds", () => {
    const opts = parseBenchArgs(["--quick"]);
    expect(opts.corpora).toEqual(["sample", "ncpqa", "law-10"]);
    expect(opts.label).toBe("quick");
    expect(opts.budget.buildMs).toBe(120_000);
    expect(opts.budget.loadSeconds).toBe(3);
    expect(opts.sources.questions).toBe(200);
  });

  it("when corpora and bounds are named, then those run, labelled by name", () => {
    const opts = parseBenchArgs(["--corpora", "law-10,law-33", "--timeout", "150", "--build-timeout", "420"]);
    expect(opts.corpora).toEqual(["law-10", "law-33"]);
    expect(opts.label).toBe("law-10+law-33");
    expect(opts.budget).toMatchObject({ buildMs: 420_000, updateMs: 150_000, reindexMs: 150_000 });
    expect(budgetFor(false).buildMs).toBe(900_000);
    expect(opts.systems).toEqual(["project", "baseline"]);
    expect(parseBenchArgs(["--systems", "project"]).systems).toEqual(["project"]);
  });

  it("when a corpus or a number is wrong, then it is a usage error, exit code 2", async () => {
    expect(() => parseBenchArgs(["--corpora", "law-50"])).toThrow(UsageError);
    expect(() => parseBenchArgs(["--systems", "elastic"])).toThrow(UsageError);
    expect(() => parseBenchArgs(["--timeout", "0"])).toThrow(/--timeout 应为正数/);
    expect(await main(["--corpora", "nope"])).toBe(2);
  });
});
