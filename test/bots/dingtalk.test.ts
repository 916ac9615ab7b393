import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDingtalkRouter } from "../../src/bots/dingtalk/router.js";
import { createBotRouters } from "../../src/bots/index.js";
import { loadConfig } from "../../src/config.js";
import type { BotDeps } from "../../src/bots/types.js";
import { offlineRewriter } from "../../src/conversation/ask-in-conversation.js";
import { ConversationStore } from "../../src/conversation/conversation-store.js";
import type { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { createApp } from "../../src/server/app.js";
import { listen } from "../helpers/http.js";
import { openSampleKb } from "../helpers/sample-kb.js";
import {
  dingSign,
  fakeMessengerServer,
  FOLLOW_UP,
  QUESTION,
  recordingLogger,
  sleep,
  SOURCE_SECTION,
  SOURCE_TITLE,
  waitFor,
  type FakeServer,
} from "./helpers.js";
import { silentLogger } from "../../src/core/logger.js";

const SECRET = "ding-app-secret";
let kb: KnowledgeBase;
let fake: FakeServer;
let server: Awaited<ReturnType<typeof listen>>;
const logger = recordingLogger();
let n = 0;

beforeAll(async () => {
  kb = await openSampleKb();
  fake = await fakeMessengerServer();
  const deps: BotDeps = { kb, conversations: new ConversationStore(), rewriter: offlineRewriter, log: logger.log };
  const app = createApp({
    kb,
    log: silentLogger,
    routers: [
      [
        "/bots/dingtalk",
        createDingtalkRouter(deps, { appSecret: SECRET, deadlineMs: 20_000, webhookHosts: ["127.0.0.1"] }),
      ],
      [
        "/bots/dingtalk-slow",
        createDingtalkRouter(deps, { appSecret: SECRET, deadlineMs: 1, webhookHosts: ["127.0.0.1"] }),
      ],
      ["/bots/dingtalk-default-hosts", createDingtalkRouter(deps, { appSecret: SECRET, deadlineMs: 1 })],
    ],
  });
  server = await listen(app);
}, 60_000);
afterAll(async () => {
  await server.close();
  await fake.close();
});

function message(content: string, o: { user?: string; group?: boolean; at?: boolean; msgId?: string } = {}) {
  n++;
  return {
    msgtype: "text",
    text: { content },
    msgId: o.msgId ?? `msg${n}-${Date.now()}`,
    conversationId: o.group ? "cidGROUP" : `cid-${o.user ?? "u"}`,
    conversationType: o.group ? "2" : "1",
    senderStaffId: o.user ?? "u",
    senderNick: "测试",
    isInAtList: o.group ? Boolean(o.at) : undefined,
    chatbotUserId: "bot1",
    sessionWebhook: `${fake.url}/robot/sendBySession?session=${n}`,
    sessionWebhookExpiredTime: Date.now() + 3600_000,
  };
}

function send(path: string, body: unknown, o: { timestamp?: number; secret?: string; raw?: string } = {}) {
  const timestamp = String(o.timestamp ?? Date.now());
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json; charset=utf-8",
      timestamp,
      sign: dingSign(o.secret ?? SECRET, timestamp),
    },
    body: o.raw ?? JSON.stringify(body),
  });
}

const webhookPosts = () => fake.requests.filter((r) => r.path === "/robot/sendBySession");

async function ask(content: string, o: Parameters<typeof message>[1] = {}): Promise<string> {
  const res = await send("/bots/dingtalk", message(content, o));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { msgtype: string; markdown: { text: string } };
  expect(body.msgtype).toBe("markdown");
  return body.markdown.text;
}

describe("DingTalk robot", () => {
  it("when a direct message asks the sample question, then the markdown reply has the facts and the numbered source", async () => {
    const text = await ask(QUESTION, { user: "d1" });
    expect(text).toContain("30%");
    expect(text).toContain("500万元");
    expect(text).toContain(`**[1]** 《${SOURCE_TITLE}》`);
    expect(text).toContain(SOURCE_SECTION);
  });

  it("when a follow-up comes, then it is answered in context; 帮助 and 新对话 work", async () => {
    await ask(QUESTION, { user: "d2" });
    expect(await ask(FOLLOW_UP, { user: "d2" })).toContain("已到期");
    expect(await ask("帮助", { user: "d2" })).toContain("新对话");
    expect(await ask("新对话", { user: "d2" })).toContain("已开始新对话");
  });

  it("when a group message @-mentions the robot, then it answers; without the mention it stays silent", async () => {
    expect(await ask(QUESTION, { group: true, at: true, user: "g1" })).toContain("500万元");
    const res = await send("/bots/dingtalk", message(QUESTION, { group: true, at: false }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });

  it("when the same msgId arrives twice, then it is answered once", async () => {
    const m = message(QUESTION, { user: "d3" });
    expect(
      ((await (await send("/bots/dingtalk", m)).json()) as { markdown: { text: string } }).markdown.text,
    ).toContain("500万元");
    const again = await send("/bots/dingtalk", m);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe("");
  });

  it("when a captured (timestamp, sign) pair comes again, then another body is refused and the same body is ignored", async () => {
    const timestamp = Date.now();
    const first = message(QUESTION, { user: "replay" });
    const firstBody = JSON.stringify(first);
    const answered = await send("/bots/dingtalk", undefined, { timestamp, raw: firstBody });
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { markdown: { text: string } }).markdown.text).toContain("500万元");

    const forged = await send("/bots/dingtalk", message("数字化转型扶持计划最高补助多少？", { user: "attacker" }), {
      timestamp,
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("BAD_SIGNATURE");
    expect(logger.lines.some((l) => l.message === "dingtalk: request rejected (BAD_SIGNATURE)")).toBe(true);

    // The very same request again (a replay, or DingTalk's retry): acknowledged, not answered twice.
    const replay = await send("/bots/dingtalk", undefined, { timestamp, raw: firstBody });
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe("");
  });

  it("when the timestamp is more than 5 minutes off, then the request is refused as stale", async () => {
    for (const offset of [-6 * 60_000, 6 * 60_000]) {
      const res = await send("/bots/dingtalk", message(QUESTION), { timestamp: Date.now() + offset });
      expect(res.status, String(offset)).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("STALE_TIMESTAMP");
    }
    expect((await send("/bots/dingtalk", message(QUESTION), { timestamp: Date.now() - 4 * 60_000 })).status).toBe(200);
  });

  it("takes its window from DINGTALK_MAX_SKEW_MINUTES (default 5)", async () => {
    expect(loadConfig({}).DINGTALK_MAX_SKEW_MINUTES).toBe(5);
    const config = loadConfig({ DINGTALK_APP_SECRET: SECRET, DINGTALK_MAX_SKEW_MINUTES: "1" });
    const deps: BotDeps = { kb, conversations: new ConversationStore(), rewriter: offlineRewriter, log: silentLogger };
    const app = createApp({ kb, log: silentLogger, routers: createBotRouters(config, deps) });
    const own = await listen(app);
    try {
      const timestamp = String(Date.now() - 2 * 60_000);
      const res = await fetch(`${own.url}/bots/dingtalk`, {
        method: "POST",
        headers: { "content-type": "application/json", timestamp, sign: dingSign(SECRET, timestamp) },
        body: JSON.stringify(message(QUESTION)),
      });
      expect(res.status).toBe(401);
    } finally {
      await own.close();
    }
  });

  it("when the answer is slow, then the response is empty and the answer goes to the sessionWebhook, once", async () => {
    const before = webhookPosts().length;
    const m = message(QUESTION, { user: "d4" });
    const res = await send("/bots/dingtalk-slow", m);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    await send("/bots/dingtalk-slow", m);
    const posted = await waitFor(() => webhookPosts().at(before));
    const body = JSON.parse(posted.body) as { msgtype: string; markdown: { text: string } };
    expect(posted.query.get("session")).toBe(m.sessionWebhook.split("session=")[1]);
    expect(body.msgtype).toBe("markdown");
    expect(body.markdown.text).toContain("30%");
    expect(body.markdown.text).toContain("500万元");
    expect(body.markdown.text).toContain(SOURCE_TITLE);
    await sleep(200);
    expect(webhookPosts().length).toBe(before + 1);
  });

  it("when the sessionWebhook is not on an allowed host, then nothing is posted there", async () => {
    const before = fake.requests.length;
    await send("/bots/dingtalk-default-hosts", message(QUESTION, { user: "d5" }));
    await waitFor(() => (logger.lines.some((l) => l.message.includes("not on an allowed host")) ? true : undefined));
    expect(fake.requests.length).toBe(before);
  });

  it.each([
    ["a forged sign", () => send("/bots/dingtalk", message(QUESTION), { secret: "wrong" }), 401],
    [
      "a stale timestamp",
      () => send("/bots/dingtalk", message(QUESTION), { timestamp: Date.now() - 2 * 3600_000 }),
      401,
    ],
    [
      "a future timestamp",
      () => send("/bots/dingtalk", message(QUESTION), { timestamp: Date.now() + 2 * 3600_000 }),
      401,
    ],
    [
      "a missing sign",
      () =>
        fetch(`${server.url}/bots/dingtalk`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(message(QUESTION)),
        }),
      401,
    ],
    ["malformed JSON", () => send("/bots/dingtalk", null, { raw: "{bad json" }), 400],
    ["a body that is not a robot message", () => send("/bots/dingtalk", { hello: "world" }), 400],
  ])("when the request has %s, then it is refused with %i and no answer", async (_name, make, status) => {
    const before = fake.requests.length;
    const logged = logger.lines.length;
    const res = await make();
    expect(res.status).toBe(status);
    // Refused by the bot itself (not by a generic body parser), so the refusal is logged.
    expect(logger.lines.slice(logged).some((l) => l.level === "warn" && l.message.startsWith("dingtalk"))).toBe(true);
    const text = await res.text();
    expect(text).not.toContain("500万元");
    expect(text).not.toMatch(/at .*\.(ts|js)/);
    await sleep(50);
    expect(fake.requests.length).toBe(before);
  });
});
