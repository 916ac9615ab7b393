import { describe, expect, it } from "vitest";
import { writtenDates } from "../../src/retrieve/spoken-dates.js";

describe("writtenDates", () => {
  it("writes a spoken day of a month the way documents do", () => {
    expect(writtenDates("截至到2020年2月3号，对高速公路采取的措施?")).toBe("截至到2020年2月3日，对高速公路采取的措施?");
    expect(writtenDates("规程三月一号开始施行吗")).toBe("规程三月一日开始施行吗");
  });

  it("leaves document and proposal numbers alone", () => {
    expect(writtenDates("深工信规〔2020〕5号是哪天印发的")).toBe("深工信规〔2020〕5号是哪天印发的");
    expect(writtenDates("第20210384号提案")).toBe("第20210384号提案");
  });
});
