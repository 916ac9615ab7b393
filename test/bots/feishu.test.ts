import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFeishuRouter } from "../../src/bots/feishu/router.js";
import type { BotDeps } from "../../src/bots/types.js";
import { offlineRewriter } from "../../src/conversation/ask-in-conversation.js";
import { ConversationStore } from "../../src/conversation/conversation-store.js";
import type { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { createApp } from "../../src/server/app.js";
import { listen } from "../helpers/http.js";
import { openSampleKb } from "../helpers/sample-kb.js";
import {
  fakeMessengerServer,
  feishuSeal,
  feishuSign,
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
import { migrate } from "../../src/store/migrations.js";
import { openSqliteDb } from "../../src/store/sqlite-db.js";
import { SqlStateStore } from "../../src/store/sql-store.js";

const APP = { appId: "cli_test", appSecret: "feishu-secret", verificationToken: "vtoken", encryptKey: "enc-key-123" };
let kb: KnowledgeBase;
let fake: FakeServer;
let server: Awaited<ReturnType<typeof listen>>;
const logger = recordingLogger();
let tokenCalls = 0;
let n = 0;

let store: SqlStateStore;

beforeAll(async () => {
  kb = await openSampleKb();
  const db = openSqliteDb(":memory:");
  await migrate(db);
  store = new SqlStateStore(db);
  fake = await fakeMessengerServer();
  fake.respond.set("/open-apis/auth/v3/tenant_access_token/internal", (r) => {
    tokenCalls++;
    const b = JSON.parse(r.body) as { app_id: string; app_secret: string };
    return b.app_id === APP.appId && b.app_secret === APP.appSecret
      ? { code: 0, msg: "ok", tenant_access_token: `t-${tokenCalls}`, expire: 7200 }
      : { code: 10014, msg: "bad secret" };
  });
  fake.respond.set("/open-apis/im/v1/messages/*", () => ({ code: 0, msg: "success", data: {} }));
  const deps: BotDeps = {
    kb,
    conversations: new ConversationStore(),
    rewriter: offlineRewriter,
    log: logger.log,
    publicBaseUrl: "https://zs.example.gov.cn",
    audit: store.audit,
  };
  const app = createApp({
    kb,
    log: silentLogger,
    routers: [
      ["/bots/feishu", createFeishuRouter(deps, { ...APP, apiBase: fake.url })],
      ["/bots/feishu-plain", createFeishuRouter(deps, { ...APP, encryptKey: undefined, apiBase: fake.url })],
    ],
  });
  server = await listen(app);
}, 60_000);
afterAll(async () => {
  await store.close();
  await server.close();
  await fake.close();
});

function event(
  text: string,
  o: {
    user?: string;
    chat?: "p2p" | "group";
    mention?: boolean;
    eventId?: string;
    token?: string;
    createdAt?: number;
  } = {},
) {
  n++;
  const mentions = o.mention ? [{ key: "@_user_1", id: { open_id: "ou_bot" }, name: "政策助手" }] : undefined;
  return {
    schema: "2.0",
    header: {
      event_id: o.eventId ?? `ev-${n}-${Date.now()}`,
      event_type: "im.message.receive_v1",
      create_time: String(o.createdAt ?? Date.now()),
      token: o.token ?? APP.verificationToken,
      app_id: APP.appId,
      tenant_key: "tk",
    },
    event: {
      sender: { sender_id: { open_id: `ou_${o.user ?? "u"}` }, sender_type: "user", tenant_key: "tk" },
      message: {
        message_id: `om_${n}`,
        chat_id: o.chat === "group" ? "oc_group" : `oc_${o.user ?? "u"}`,
        chat_type: o.chat ?? "p2p",
        message_type: "text",
        content: JSON.stringify({ text: o.mention ? `@_user_1 ${text}` : text }),
        mentions,
      },
    },
  };
}

/** Encrypts and signs like Feishu: {"encrypt": …} with the X-Lark-* headers over the exact body. */
function post(
  payload: unknown,
  o: { timestamp?: number; signKey?: string; path?: string; raw?: string; unsigned?: boolean; plain?: boolean } = {},
) {
  const body =
    o.raw ??
    (o.plain
      ? JSON.stringify(payload)
      : JSON.stringify({ encrypt: feishuSeal(APP.encryptKey, JSON.stringify(payload)) }));
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = `nonce${Math.random()}`;
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (!o.unsigned) {
    headers["x-lark-request-timestamp"] = timestamp;
    headers["x-lark-request-nonce"] = nonce;
    headers["x-lark-signature"] = feishuSign(timestamp, nonce, o.signKey ?? APP.encryptKey, body);
  }
  return fetch(`${server.url}${o.path ?? "/bots/feishu"}`, { method: "POST", headers, body });
}

const replies = () => fake.requests.filter((r) => r.path.startsWith("/open-apis/im/v1/messages/"));
async function ask(text: string, o: Parameters<typeof event>[1] = {}): Promise<string> {
  const before = replies().length;
  const e = event(text, o);
  const res = await post(e);
  expect(res.status).toBe(200);
  const reply = await waitFor(() => replies().at(before));
  expect(reply.path).toBe(`/open-apis/im/v1/messages/${e.event.message.message_id}/reply`);
  expect(reply.headers.authorization).toMatch(/^Bearer t-\d+$/);
  const body = JSON.parse(reply.body) as { msg_type: string; content: string };
  expect(body.msg_type).toBe("text");
  return (JSON.parse(body.content) as { text: string }).text;
}

describe("Feishu bot", () => {
  it("when the url_verification challenge arrives encrypted (unsigned) or plain, then the challenge is echoed after the token check", async () => {
    const challenge = { type: "url_verification", challenge: "ch-123", token: APP.verificationToken };
    const t0 = Date.now();
    const res = await post(challenge, { unsigned: true });
    expect(await res.json()).toEqual({ challenge: "ch-123" });
    expect(Date.now() - t0).toBeLessThan(1000);
    const plain = await post(challenge, { path: "/bots/feishu-plain", plain: true, unsigned: true });
    expect(await plain.json()).toEqual({ challenge: "ch-123" });
    const wrong = await post({ ...challenge, token: "nope" }, { unsigned: true });
    expect(wrong.status).toBe(401);
  });

  it("when a direct message asks the sample question, then the event is acknowledged and the reply API gets the facts and the source", async () => {
    const text = await ask(QUESTION, { user: "f1" });
    expect(text).toContain("30%");
    expect(text).toContain("500万元");
    expect(text).toContain(`[1] 《${SOURCE_TITLE}》`);
    expect(text).toContain(SOURCE_SECTION);
    expect(text).toContain("原文：https://zs.example.gov.cn/?doc=");
  });

  it("when a follow-up comes, then it is answered in context; 新对话 and 帮助 work; the token is cached", async () => {
    await ask(QUESTION, { user: "f2" });
    const calls = tokenCalls;
    expect(await ask(FOLLOW_UP, { user: "f2" })).toContain("已到期");
    expect(await ask("新对话", { user: "f2" })).toContain("已开始新对话");
    expect(await ask("帮助", { user: "f2" })).toContain("新对话");
    expect(tokenCalls).toBe(calls);
  });

  it("when a group message @-mentions the bot, then the mention is stripped and it answers; without it, no reply", async () => {
    expect(await ask(QUESTION, { chat: "group", mention: true })).toContain("500万元");
    const before = replies().length;
    const res = await post(event(QUESTION, { chat: "group" }));
    expect(res.status).toBe(200);
    await sleep(300);
    expect(replies().length).toBe(before);
  });

  it("when the same event id is delivered again, then it is answered once", async () => {
    const before = replies().length;
    const e = event(QUESTION, { user: "f3" });
    await post(e);
    await post(e);
    await waitFor(() => replies().at(before));
    await sleep(300);
    await post(e);
    await sleep(100);
    expect(replies().length).toBe(before + 1);
  });

  it.each([
    ["a forged signature", () => post(event(QUESTION), { signKey: "wrong" }), 401],
    ["a stale timestamp", () => post(event(QUESTION), { timestamp: Math.floor(Date.now() / 1000) - 2 * 3600 }), 401],
    ["no signature on an event", () => post(event(QUESTION), { unsigned: true }), 401],
    [
      "an event created a day ago, freshly signed",
      () => post(event(QUESTION, { createdAt: Date.now() - 86_400_000 })),
      401,
    ],
    ["a wrong verification token", () => post(event(QUESTION, { token: "nope" })), 401],
    ["an unencrypted event while an encrypt key is set", () => post(event(QUESTION), { plain: true }), 401],
    ["malformed JSON", () => post(null, { raw: "{not json" }), 400],
    [
      "ciphertext that does not decrypt",
      () =>
        post(null, {
          raw: JSON.stringify({
            encrypt:
              "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
          }),
        }),
      400,
    ],
    ["an event that is not schema 2.0", () => post({ uuid: "x", event: {}, token: APP.verificationToken }), 400],
  ])("when the request has %s, then it is refused with %i and no answer", async (_name, make, status) => {
    const before = fake.requests.length;
    const res = await make();
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(text).not.toMatch(/at .*\.(ts|js)/);
    await sleep(100);
    expect(fake.requests.length).toBe(before);
  });
});

describe("feishu audit", () => {
  it("when a question is answered, then the audit log records it with the channel and the sender; a command is not a question", async () => {
    const before = (await store.audit.page({}, 1000)).length;
    await ask(QUESTION, { user: "sunqi" });
    await ask("帮助", { user: "sunqi" });
    const added = (await store.audit.page({}, 1000)).slice(before).filter((r) => r.user === "ou_sunqi");
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ channel: "feishu", question: QUESTION, refused: false });
    expect(added[0].answer).toContain("500万元");
    expect(added[0].citations.length).toBeGreaterThan(0);
  });
});
