import { describe, expect, it } from "vitest";
import { toPositional } from "../../src/store/db.js";

describe("toPositional", () => {
  it("when a statement uses numbered parameters, then SQLite gets ? in their order, repeats included", () => {
    expect(toPositional("SELECT $2, $1 WHERE a = $2", ["x", "y"])).toEqual({
      sql: "SELECT ?, ? WHERE a = ?",
      params: ["y", "x", "y"],
    });
  });

  it("when $ stands inside a quoted string, then it is left alone", () => {
    expect(toPositional("SELECT '$1 it''s $2' , $1", [7])).toEqual({ sql: "SELECT '$1 it''s $2' , ?", params: [7] });
  });

  it("when a parameter has no value, then it fails instead of binding null", () => {
    expect(() => toPositional("SELECT $3", [1])).toThrow(RangeError);
  });
});
