import { describe, expect, it } from "vitest";
import { parseAuditArgs } from "../../src/cli/audit-cli.js";
import { UsageError } from "../../src/cli/entry.js";

describe("npm run audit arguments", () => {
  it("when export is asked with a format and dates, then they are parsed (csv by default)", () => {
    expect(parseAuditArgs(["export"])).toEqual({ format: "csv", since: undefined, until: undefined, out: undefined });
    expect(parseAuditArgs(["export", "--format", "jsonl", "--since", "2026-01-01", "--out", "a.jsonl"])).toEqual({
      format: "jsonl",
      since: new Date("2026-01-01T00:00:00Z"),
      until: undefined,
      out: "a.jsonl",
    });
  });

  it.each([
    [[]],
    [["import"]],
    [["export", "--format", "xml"]],
    [["export", "--since", "yesterday"]],
    [["export", "--x"]],
  ])("when the arguments are %j, then it is a usage error", (argv) => {
    expect(() => parseAuditArgs(argv)).toThrow(UsageError);
  });
});
