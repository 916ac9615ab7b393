import { describe, expect, it } from "vitest";
import { FAILED_TEXT, type BotReply } from "../../src/bots/chat.js";
import { createReplyLifecycle, type IncomingMessage, type ReplyLifecycleOptions } from "../../src/bots/reply.js";
import { recordingLogger, sleep } from "./helpers.js";

const WORDING: ReplyLifecycleOptions["wording"] = {
  idKey: "msgId",
  duplicate: "duplicate message ignored",
  inline: "answered inline",
  later: "answered later",
  sendFailed: "sending later failed",
};

const notice = (text: string): BotReply => ({ kind: "notice", text });
const format = (r: BotReply) => (r.kind === "notice" ? `<${r.text}>` : "<answer>");

/** An answer that resolves (or rejects) when the test says so. */
function deferred() {
  let resolve!: (r: BotReply) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<BotReply>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A lifecycle and one messenger's request as the lifecycle sees it, recording what it was told to do. */
function setup(options: Partial<ReplyLifecycleOptions> = {}) {
  const logger = recordingLogger();
  const reply = createReplyLifecycle({ bot: "test", log: logger.log, wording: WORDING, ...options });
  const events: string[] = [];
  let answered = 0;
  const message = (
    id: string,
    o: {
      answer?: () => Promise<BotReply>;
      deadlineMs?: number;
      inline?: boolean;
      sendLater?: (text: string) => Promise<void>;
    } = {},
  ): IncomingMessage => ({
    id,
    answer:
      "answer" in o
        ? o.answer
        : () => {
            answered++;
            return Promise.resolve(notice(`answer to ${id}`));
          },
    acknowledge: () => void events.push(`ack ${id}`),
    inline:
      o.inline === false
        ? undefined
        : { deadlineMs: o.deadlineMs ?? 1000, format, send: (text) => void events.push(`inline ${text}`) },
    later: {
      format,
      send:
        o.sendLater ??
        (async (text) => {
          events.push(`later ${text}`);
        }),
    },
  });
  return { reply, message, events, logger, answered: () => answered };
}

describe("reply lifecycle", () => {
  it("when the answer is ready within the deadline, then it is the inline reply, formatted; nothing else is sent", async () => {
    const { reply, message, events, logger } = setup();
    const { outcome, done } = await reply(message("m1"));
    await done;
    expect(outcome).toBe("inline");
    expect(events).toEqual(["inline <answer to m1>"]);
    expect(logger.lines).toEqual([{ level: "info", message: "test: answered inline", details: { msgId: "m1" } }]);
  });

  it("when the same id arrives again, while answering or after, then it is acknowledged and not answered twice", async () => {
    const { reply, message, events, logger, answered } = setup();
    const slow = deferred();
    const first = reply(message("m2", { answer: () => slow.promise }));
    const whilePending = await reply(message("m2"));
    expect(whilePending.outcome).toBe("duplicate");
    slow.resolve(notice("slow answer"));
    expect((await first).outcome).toBe("inline");
    const afterDone = await reply(message("m2"));
    expect(afterDone.outcome).toBe("duplicate");
    expect(answered()).toBe(0);
    expect(events).toEqual(["ack m2", "inline <slow answer>", "ack m2"]);
    const duplicates = logger.lines.filter((l) => l.message === "test: duplicate message ignored");
    expect(duplicates.map((l) => l.details)).toEqual([{ msgId: "m2" }, { msgId: "m2" }]);
  });

  it("when the wording asks for it, then a duplicate is logged with its dedup state", async () => {
    const { reply, message, logger } = setup({ wording: { ...WORDING, duplicateState: true } });
    await reply(message("m3"));
    await reply(message("m3"));
    expect(logger.lines.at(-1)).toEqual({
      level: "info",
      message: "test: duplicate message ignored",
      details: { msgId: "m3", state: "done" },
    });
  });

  it("when the dedup window has passed, then the id is answered again", async () => {
    let t = 0;
    const { reply, message, answered } = setup({ dedupTtlMs: 1000, now: () => t });
    await reply(message("m4"));
    t = 500;
    expect((await reply(message("m4"))).outcome).toBe("duplicate");
    t = 2000;
    expect((await reply(message("m4"))).outcome).toBe("inline");
    expect(answered()).toBe(2);
  });

  it("when the answer misses the deadline, then the request is acknowledged at once and the answer sent later, once", async () => {
    const { reply, message, events, logger } = setup();
    const slow = deferred();
    const t0 = performance.now();
    const { outcome, done } = await reply(message("m5", { answer: () => slow.promise, deadlineMs: 20 }));
    expect(outcome).toBe("later");
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(events).toEqual(["ack m5"]);
    slow.resolve(notice("late answer"));
    await done;
    expect(events).toEqual(["ack m5", "later <late answer>"]);
    expect(logger.lines).toEqual([{ level: "info", message: "test: answered later", details: { msgId: "m5" } }]);
  });

  it("when the answer resolves in time but the clock says the deadline passed (a blocked event loop), then it is sent later", async () => {
    let t = 0;
    const clock = () => (t += 100);
    const { reply, message, events } = setup({ clock });
    const { outcome, done } = await reply(message("m6", { deadlineMs: 50 }));
    await done;
    expect(outcome).toBe("later");
    expect(events).toEqual(["ack m6", "later <answer to m6>"]);
  });

  it("when the messenger takes no inline replies, then it is acknowledged before the answer starts and the answer sent later", async () => {
    const { reply, message, events } = setup();
    const m = message("m7", { inline: false });
    const answer = m.answer!;
    m.answer = () => {
      events.push("answer started");
      return answer();
    };
    const { outcome, done } = await reply(m);
    await done;
    expect(outcome).toBe("later");
    expect(events).toEqual(["ack m7", "answer started", "later <answer to m7>"]);
  });

  it("when there is nothing to answer, then it is acknowledged and its id still counts as seen", async () => {
    const { reply, message, events, logger } = setup();
    expect((await reply(message("m8", { answer: undefined }))).outcome).toBe("none");
    expect((await reply(message("m8"))).outcome).toBe("duplicate");
    expect(events).toEqual(["ack m8", "ack m8"]);
    expect(logger.lines.map((l) => l.message)).toEqual(["test: duplicate message ignored"]);
  });

  it("when answering fails within the deadline, then the inline reply is the failure text, unformatted, and it is logged", async () => {
    const { reply, message, events, logger } = setup();
    await reply(message("m9", { answer: () => Promise.reject(new Error("boom")) }));
    expect(events).toEqual([`inline ${FAILED_TEXT}`]);
    expect(logger.lines).toEqual([
      { level: "error", message: "test: answering failed", details: { msgId: "m9", error: "Error: boom" } },
    ]);
    expect((await reply(message("m9"))).outcome).toBe("duplicate");
  });

  it("when answering fails after the deadline, then the failure text is sent later and the failure logged", async () => {
    const { reply, message, events, logger } = setup();
    const slow = deferred();
    const { done } = await reply(message("m10", { answer: () => slow.promise, deadlineMs: 10 }));
    slow.reject(new Error("late boom"));
    await done;
    expect(events).toEqual(["ack m10", `later ${FAILED_TEXT}`]);
    expect(logger.lines.map((l) => [l.level, l.message])).toEqual([
      ["error", "test: answering failed"],
      ["info", "test: answered later"],
    ]);
  });

  it("when sending later fails, then it is logged, not thrown, and the id is done (no second answer)", async () => {
    const { reply, message, logger, answered } = setup();
    const { done } = await reply(
      message("m11", {
        inline: false,
        sendLater: async () => {
          await sleep(5);
          throw new Error("HTTP 502");
        },
      }),
    );
    await expect(done).resolves.toBeUndefined();
    expect(logger.lines).toEqual([
      { level: "error", message: "test: sending later failed", details: { msgId: "m11", error: "Error: HTTP 502" } },
    ]);
    expect((await reply(message("m11"))).outcome).toBe("duplicate");
    expect(answered()).toBe(1);
  });
});
