import { describe, expect, it } from "vitest";
import { parseSse } from "../../src/bench/sse.js";

describe("server-sent events", () => {
  it("reads events and their data, skipping keep-alive comments", () => {
    const body =
      'event: sources\ndata: [{"docId":"a.txt","quote":"第一条"}]\n\n: keep-alive\n\nevent: token\ndata: {"text":"答"}\n\n' +
      "event: final\ndata: line one\ndata: line two\n\n";
    expect(parseSse(body)).toEqual([
      { event: "sources", data: '[{"docId":"a.txt","quote":"第一条"}]' },
      { event: "token", data: '{"text":"答"}' },
      { event: "final", data: "line one\nline two" },
    ]);
  });

  it("handles CRLF line ends and data without an event name", () => {
    expect(parseSse("data: x\r\n\r\n")).toEqual([{ event: "message", data: "x" }]);
  });
});
