import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BotDeps } from "../../src/bots/types.js";
import { createWecomRouter } from "../../src/bots/wecom/router.js";
import { ConversationStore } from "../../src/conversation/conversation-store.js";
import { offlineRewriter } from "../../src/conversation/ask-in-conversation.js";
import type { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { createApp } from "../../src/server/app.js";
import { listen } from "../helpers/http.js";
import { openSampleKb } from "../helpers/sample-kb.js";
import { silentLogger } from "../../src/core/logger.js";
import { migrate } from "../../src/store/migrations.js";
import { openSqliteDb } from "../../src/store/sqlite-db.js";
import { SqlStateStore } from "../../src/store/sql-store.js";
import {
  fakeMessengerServer,
  FOLLOW_UP,
  nextMsgId,
  QUESTION,
  readWecomReply,
  recordingLogger,
  sleep,
  SOURCE_SECTION,
  SOURCE_TITLE,
  waitFor,
  WECOM,
  wecomRequest,
  wecomTextXml,
  type FakeServer,
} from "./helpers.js";

let kb: KnowledgeBase;
let fake: FakeServer;
let server: Awaited<ReturnType<typeof listen>>;
const logger = recordingLogger();
let tokenCount = 0;
let failNextSendWith: number | undefined;

let store: SqlStateStore;

beforeAll(async () => {
  kb = await openSampleKb();
  const db = openSqliteDb(":memory:");
  await migrate(db);
  store = new SqlStateStore(db);
  fake = await fakeMessengerServer();
  fake.respond.set("/cgi-bin/gettoken", (r) => {
    tokenCount++;
    return r.query.get("corpid") === WECOM.corpId && r.query.get("corpsecret") === WECOM.secret
      ? { errcode: 0, errmsg: "ok", access_token: `TOKEN${tokenCount}`, expires_in: 7200 }
      : { errcode: 40001, errmsg: "invalid credential" };
  });
  fake.respond.set("/cgi-bin/message/send", () => {
    if (failNextSendWith !== undefined) {
      const errcode = failNextSendWith;
      failNextSendWith = undefined;
      return { errcode, errmsg: "access_token expired" };
    }
    return { errcode: 0, errmsg: "ok" };
  });
  const deps: BotDeps = {
    kb,
    conversations: new ConversationStore(),
    rewriter: offlineRewriter,
    log: logger.log,
    publicBaseUrl: "https://zs.example.gov.cn",
    audit: store.audit,
  };
  const settings = {
    token: WECOM.token,
    encodingAesKey: WECOM.aesKey,
    corpId: WECOM.corpId,
    agentId: WECOM.agentId,
    secret: WECOM.secret,
    apiBase: fake.url,
  };
  const app = createApp({
    kb,
    log: silentLogger,
    routers: [
      ["/bots/wecom", createWecomRouter(deps, { ...settings, deadlineMs: 20_000 })],
      // The same bot with a 1 ms deadline: every answer takes the slow path through the API.
      ["/bots/wecom-slow", createWecomRouter(deps, { ...settings, deadlineMs: 1 })],
    ],
  });
  server = await listen(app);
}, 60_000);
afterAll(async () => {
  await store.close();
  await server.close();
  await fake.close();
});

const post = (path: string, req: { query: string; body: string }) =>
  fetch(`${server.url}${path}?${req.query}`, {
    method: "POST",
    body: req.body,
    headers: { "content-type": "text/xml" },
  });
const sends = () => fake.requests.filter((r) => r.path === "/cgi-bin/message/send");

async function ask(user: string, content: string, msgId = nextMsgId()): Promise<string> {
  const res = await post("/bots/wecom", wecomRequest(wecomTextXml(user, content, msgId)));
  expect(res.status).toBe(200);
  const reply = readWecomReply(await res.text());
  expect(reply.toUser).toBe(user);
  return reply.content;
}

describe("WeCom callback URL verification", () => {
  it("when WeCom sends the published verification request, then the reply is 1616140317555161061", async () => {
    const q = new URLSearchParams({
      msg_signature: "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
      timestamp: "1409659589",
      nonce: "263014780",
      echostr: "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
    });
    const res = await fetch(`${server.url}/bots/wecom?${q}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("1616140317555161061");
  });

  it("when the verification signature is forged, then 401 and no plaintext", async () => {
    const q = new URLSearchParams({
      msg_signature: "0".repeat(40),
      timestamp: "1409659589",
      nonce: "263014780",
      echostr: "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
    });
    const res = await fetch(`${server.url}/bots/wecom?${q}`);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain("1616140317555161061");
  });
});

describe("WeCom messages", () => {
  it("when the sample question arrives encrypted and signed, then the passive reply is encrypted, signed and carries the facts and the source", async () => {
    const before = sends().length;
    const content = await ask("zhangsan", QUESTION);
    expect(content).toContain("30%");
    expect(content).toContain("500万元");
    expect(content).toContain(SOURCE_TITLE);
    expect(content).toContain(SOURCE_SECTION);
    expect(content).toContain("https://zs.example.gov.cn/?doc=");
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(2048);
    expect(sends().length).toBe(before);
  });

  it("when a follow-up comes from the same user, then it is answered in context; 新对话 forgets the context", async () => {
    await ask("lisi", QUESTION);
    const follow = await ask("lisi", FOLLOW_UP);
    expect(follow).toContain("已到期");
    expect(follow).toContain(SOURCE_TITLE);
    expect(await ask("lisi", "新对话")).toContain("已开始新对话");
    const fresh = await ask("lisi", FOLLOW_UP);
    expect(fresh).not.toContain("公共技术服务平台扶持计划");
  });

  it("when the user sends 帮助, then the usage is explained in Chinese", async () => {
    const help = await ask("wangwu", "帮助");
    expect(help).toContain("新对话");
    expect(help).toContain("知识库中未找到");
  });

  it("when WeCom retries the same MsgId, then it is answered once and the retry gets an empty reply", async () => {
    const msgId = nextMsgId();
    const xml = wecomTextXml("zhaoliu", QUESTION, msgId);
    const first = await post("/bots/wecom", wecomRequest(xml));
    expect(readWecomReply(await first.text()).content).toContain("500万元");
    const retry = await post("/bots/wecom", wecomRequest(xml));
    expect(retry.status).toBe(200);
    expect(await retry.text()).toBe("");
  });

  it.each([
    [
      "a forged signature",
      () => ({ ...wecomRequest(wecomTextXml("u1", QUESTION, nextMsgId()), { token: "not-the-token" }) }),
      401,
    ],
    [
      "a stale timestamp",
      () =>
        wecomRequest(wecomTextXml("u1", QUESTION, nextMsgId()), {
          timestamp: Math.floor(Date.now() / 1000) - 2 * 3600,
        }),
      401,
    ],
    [
      "another corp's receive id",
      () => wecomRequest(wecomTextXml("u1", QUESTION, nextMsgId()), { corpId: "wwsomeoneelse" }),
      401,
    ],
    ["malformed XML", () => ({ query: wecomRequest("<xml/>").query, body: "<xml><Encrypt>abc" }), 400],
    ["malformed inner XML", () => wecomRequest("<xml><FromUserName>u1</FromUserName"), 400],
    ["a missing signature", () => ({ query: "timestamp=1&nonce=2", body: wecomRequest("<xml/>").body }), 400],
  ])(
    "when the request has %s, then it is refused with %i, no answer, no stack trace, and logged",
    async (_name, make, status) => {
      const before = sends().length;
      const warnings = logger.lines.filter((l) => l.level === "warn").length;
      const res = await post("/bots/wecom", make());
      expect(res.status).toBe(status);
      const text = await res.text();
      expect(text).not.toMatch(/at .*\.(ts|js)|Error:/);
      expect(text).not.toContain("500万元");
      await sleep(50);
      expect(sends().length).toBe(before);
      expect(logger.lines.filter((l) => l.level === "warn").length).toBe(warnings + 1);
    },
  );
});

describe("WeCom slow path", () => {
  it("when the answer misses the deadline, then the reply is empty at once and the answer goes out through the API with a cached token, once", async () => {
    const before = sends().length;
    const msgId = nextMsgId();
    const xml = wecomTextXml("slowuser", QUESTION, msgId);
    const res = await post("/bots/wecom-slow", wecomRequest(xml));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    // WeCom's retry while the answer is being computed or after it was sent: no second answer.
    const retry = await post("/bots/wecom-slow", wecomRequest(xml));
    expect(await retry.text()).toBe("");
    const sent = await waitFor(() => sends().at(before));
    const body = JSON.parse(sent.body) as {
      touser: string;
      agentid: number;
      msgtype: string;
      markdown: { content: string };
    };
    expect(sent.query.get("access_token")).toMatch(/^TOKEN\d+$/);
    expect(body).toMatchObject({ touser: "slowuser", agentid: Number(WECOM.agentId), msgtype: "markdown" });
    expect(body.markdown.content).toContain("30%");
    expect(body.markdown.content).toContain("500万元");
    expect(body.markdown.content).toContain(SOURCE_TITLE);
    expect(body.markdown.content).toContain(SOURCE_SECTION);
    expect(Buffer.byteLength(body.markdown.content)).toBeLessThanOrEqual(4096);
    const again = await post("/bots/wecom-slow", wecomRequest(xml));
    expect(await again.text()).toBe("");
    await sleep(300);
    expect(sends().length).toBe(before + 1);

    // A second message reuses the cached token.
    const tokens = tokenCount;
    await post("/bots/wecom-slow", wecomRequest(wecomTextXml("slowuser", FOLLOW_UP, nextMsgId())));
    const second = await waitFor(() => sends().at(before + 1));
    expect(tokenCount).toBe(tokens);
    expect(JSON.parse(second.body).markdown.content).toContain("已到期");
  });

  it("when the API says the token expired, then a new token is fetched and the message sent once", async () => {
    const before = sends().length;
    const tokens = tokenCount;
    failNextSendWith = 42001;
    await post("/bots/wecom-slow", wecomRequest(wecomTextXml("tokenuser", QUESTION, nextMsgId())));
    await waitFor(() => (sends().length >= before + 2 ? true : undefined));
    expect(tokenCount).toBe(tokens + 1);
    const last = sends().at(-1)!;
    expect(last.query.get("access_token")).toBe(`TOKEN${tokenCount}`);
    expect(JSON.parse(last.body).markdown.content).toContain("500万元");
  });
});

describe("wecom audit", () => {
  it("when a question is answered, then the audit log records it with the channel and the sender; a command is not a question", async () => {
    const before = (await store.audit.page({}, 1000)).length;
    await ask("zhaoliu", QUESTION);
    await ask("zhaoliu", "帮助");
    const added = (await store.audit.page({}, 1000)).slice(before).filter((r) => r.user === "zhaoliu");
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ channel: "wecom", question: QUESTION, refused: false });
    expect(added[0].answer).toContain("500万元");
    expect(added[0].citations.length).toBeGreaterThan(0);
  });
});
